// The lead's timelines: touches (行为), follow-ups (跟进记录) and ownership history (归属历史).
import { Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_METHODS } from '../../../shared/dictionaries';
import { useDict } from '../../ui/dict';
import { EmptyState } from '../../ui/feedback';
import { formatDateTime } from '../../ui/time';
import type { LeadDetail } from './lead-types';

export function LeadTouchesTab({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  if (!lead.touches.length) return <EmptyState description={t('leads.touches.empty')} />;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={lead.touches.map((x) => ({
        key: x.id,
        content: (
          <div data-testid="touch-item">
            <Typography.Text strong>{x.label || t(`leads.touchTypes.${x.type}`, { defaultValue: x.type })}</Typography.Text>
            {x.label && <Tag style={{ marginInlineStart: 8 }}>{t(`leads.touchTypes.${x.type}`, { defaultValue: x.type })}</Tag>}
            <div className="baton-muted" style={{ fontSize: 12 }}>{formatDateTime(x.occurredAt)}</div>
          </div>
        ),
      }))}
    />
  );
}

export function LeadFollowUpsTab({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const dict = useDict();
  if (!lead.followUps.length) return <EmptyState description={t('leads.followUp.empty')} />;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={lead.followUps.map((f) => ({
        key: f.id,
        color: f.isValid ? 'green' : 'gray',
        content: (
          <div data-testid="followup-item">
            <div>
              <Tag>{dict.label(FOLLOW_UP_METHODS, f.method)}</Tag>
              <Tag color={f.isValid ? 'green' : 'default'}>{f.isValid ? t('leads.followUp.valid') : t('leads.followUp.attempt')}</Tag>
              <span className="baton-muted">{f.userName ?? ''} · {formatDateTime(f.occurredAt)}</span>
            </div>
            <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{f.content}</div>
            {f.nextStep && <div className="baton-muted" style={{ marginTop: 2 }}>{t('leads.followUp.nextStep')}{t('common.colon')}{f.nextStep}</div>}
          </div>
        ),
      }))}
    />
  );
}

export function LeadOwnershipTab({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  if (!lead.ownership.length) return <EmptyState description={t('leads.ownership.empty')} />;
  const place = (owner: string | null, pool: string | null) =>
    owner ?? (pool ? t('leads.inPool', { pool }) : t('leads.ownership.nobody'));
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={lead.ownership.map((o) => ({
        key: o.id,
        content: (
          <div data-testid="ownership-item">
            <div>
              <Tag color="blue">{t(`leads.ownership.actions.${o.action}`, { defaultValue: o.action })}</Tag>
              <span>{place(o.fromOwnerName, o.fromPoolName)} → <strong>{place(o.toOwnerName, o.toPoolName)}</strong></span>
            </div>
            {(o.reason || o.reasonEn) && <div style={{ marginTop: 2 }}>{en ? o.reasonEn ?? o.reason : o.reason}</div>}
            <div className="baton-muted" style={{ fontSize: 12 }}>{formatDateTime(o.at)}</div>
          </div>
        ),
      }))}
    />
  );
}
