// How lead values read on screen: tier, status and SLA tags, source labels, bilingual server text.
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { formatDateTime } from '../../ui/time';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES, LEAD_SOURCE_TYPES, LEAD_STATUS_LABELS } from '../../../shared/dictionaries';
export { SLA_STATES, TIERS } from '../../../shared/dictionaries';
import { dictLabel } from '../../ui/dict';
import type { Lead, SlaState } from './lead-types';


const TIER_COLORS: Record<string, string> = { A: '#cf1322', B: '#fa8c16', C: '#1677ff', D: '#8c8c8c' };
const STATUS_COLORS: Record<string, string> = {
  new: 'default', cleaning: 'default', nurturing: 'cyan', mql: 'blue', sql: 'purple', converted: 'green', invalid: 'default', returned: 'orange',
};
const SLA_COLORS: Record<SlaState, string> = { on_track: 'blue', warning: 'orange', breached: 'red', met: 'green', none: 'default' };


/** A { zh, en } pair (or a plain string) in the current language. */
export function pickText(v: { zh: string; en: string } | string | null | undefined, lang: string): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  return lang === 'en' ? v.en : v.zh;
}

export function TierTag({ tier }: { tier: string | null | undefined }) {
  if (!tier) return null;
  return <Tag color={TIER_COLORS[tier] ?? 'default'} style={{ fontWeight: 600, marginInlineEnd: 0 }} data-testid="tier-tag">{tier}</Tag>;
}

export function StatusTag({ status }: { status: string }) {
  const { i18n } = useTranslation();
  return <Tag color={STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }}>{dictLabel(LEAD_STATUS_LABELS, status, i18n.language)}</Tag>;
}

/** SLA state as a coloured tag; open deadlines show when they fall due. */
export function SlaTag({ lead }: { lead: Pick<Lead, 'slaState' | 'slaDueAt' | 'firstTouchedAt'> }) {
  const { t } = useTranslation();
  const state = lead.slaState ?? 'none';
  if (state === 'none') return <span className="baton-muted">—</span>;
  const due = lead.slaDueAt ? dayjs(lead.slaDueAt) : null;
  const open = state === 'on_track' || state === 'warning';
  const detail = open && due ? t('leads.sla.dueIn', { when: due.fromNow() }) : state === 'breached' && due ? t('leads.sla.overdueSince', { when: due.fromNow() }) : '';
  return (
    <Tooltip title={due ? t('leads.sla.deadline', { at: formatDateTime(lead.slaDueAt) }) : undefined}>
      <Tag color={SLA_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="sla-tag">
        {t(`leads.sla.${state}`)}{detail ? ` · ${detail}` : ''}
      </Tag>
    </Tooltip>
  );
}

export function sourceLabel(source: string, lang: string) {
  return dictLabel(LEAD_SOURCES, source, lang);
}

export function sourceTypeLabel(sourceType: string, lang: string) {
  return dictLabel(LEAD_SOURCE_TYPES, sourceType, lang);
}

/** "主动 · 预约演示": the kind first, then the source, the same way on every page and in every picker. */
export function sourceText(sourceType: string, source: string, lang: string) {
  return `${sourceTypeLabel(sourceType, lang)} · ${sourceLabel(source, lang)}`;
}

/** Score with a thin bar, coloured by tier. */
export function ScoreCell({ score, tier }: { score: number; tier?: string }) {
  const color = TIER_COLORS[tier ?? ''] ?? '#1677ff';
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span style={{ width: 24, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{score}</span>
      <span style={{ width: 48, height: 4, background: '#f0f0f0', borderRadius: 2, overflow: 'hidden' }}>
        <span style={{ display: 'block', width: `${Math.max(0, Math.min(100, score))}%`, height: '100%', background: color }} />
      </span>
    </span>
  );
}
