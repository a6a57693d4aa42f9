import { useEffect, useState } from 'react';
import { DatePicker } from '../../ui/date-picker';
import { Button, Grid, Input, InputNumber, Select, Space } from 'antd';
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { LEAD_SOURCES, LEAD_STATUS_LABELS, LEAD_SOURCE_TYPES } from '../../../shared/dictionaries';
import { useDict } from '../../ui/dict';
import type { LeadFilters } from './lead-api';
import { countLeadFilters } from './lead-list-address';
import { SLA_STATES, TIERS } from './lead-format';
import { fromPicker, toPicker } from '../../ui/time';

interface Props { filters: LeadFilters; onChange: (f: LeadFilters) => void }

/** The channel select's value for "no channel": a control character, which a typed channel cannot hold. */
const NO_CHANNEL = '\u0000';

/** The filter bar above the lead table; every change is a server query parameter. */
export function LeadFilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const dict = useDict();
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const set = (patch: Partial<LeadFilters>) => onChange({ ...filters, ...patch });
  // On a phone the filters fold behind one button (nine stacked boxes pushed the list off the screen).
  const isPhone = Grid.useBreakpoint().md === false;
  const [showAll, setShowAll] = useState(false);
  const channels = useQuery({ queryKey: ['lead-channels'], queryFn: () => api.get<{ items: { channel: string; count: number }[] }>('/lead-channels'), staleTime: 5 * 60_000 });

  const multi = (key: keyof LeadFilters, placeholder: string, options: { value: string; label: string }[], width = 130) => (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={placeholder}
      value={(filters[key] as string[] | undefined) ?? []}
      onChange={(v: string[]) => set({ [key]: v })}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width }}
      data-testid={`lead-filter-${key}`}
    />
  );
  const sourceOptions = LEAD_SOURCES
    .filter((s) => !filters.sourceType?.length || filters.sourceType.includes(s.sourceType))
    .map((s) => ({ value: s.key, label: dict.lang === 'en' ? s.en : s.zh }));

  return (
    <div className="baton-toolbar">
      <Input
        allowClear
        prefix={<SearchOutlined className="baton-muted" />}
        placeholder={t('leads.searchPlaceholder')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          if (!e.target.value) set({ q: undefined });
        }}
        onPressEnter={() => set({ q: q || undefined })}
        onBlur={() => q !== (filters.q ?? '') && set({ q: q || undefined })}
        style={{ width: 250 }}
        data-testid="lead-search"
      />
      {isPhone && (
        <Button icon={<FilterOutlined />} onClick={() => setShowAll((v) => !v)} data-testid="lead-filters-toggle">
          {t('leads.filtersButton')}{countLeadFilters(filters) > 0 ? ` (${countLeadFilters(filters)})` : ''}
        </Button>
      )}
      {(!isPhone || showAll) && <>
      {multi('tier', t('leads.fields.tier'), TIERS.map((x) => ({ value: x, label: x })), 104)}
      {multi('status', t('leads.fields.status'), dict.options(LEAD_STATUS_LABELS), 130)}
      {multi('sourceType', t('leads.fields.sourceType'), dict.options(LEAD_SOURCE_TYPES), 130)}
      {multi('source', t('leads.fields.source'), sourceOptions, 140)}
      {/* The channels recent leads came by are offered (another may still be typed), and 未填写渠道 for none. */}
      <Select
        mode="tags"
        allowClear
        maxTagCount="responsive"
        placeholder={t('leads.fields.channel')}
        value={[...(filters.noChannel ? [NO_CHANNEL] : []), ...(filters.channel ?? [])]}
        onChange={(v: string[]) => set({ channel: v.filter((x) => x !== NO_CHANNEL), noChannel: v.includes(NO_CHANNEL) || undefined })}
        options={[{ value: NO_CHANNEL, label: t('leads.noChannel') }, ...(channels.data?.items ?? []).map((c) => ({ value: c.channel, label: c.channel }))]}
        popupMatchSelectWidth={false}
        style={{ width: 130 }}
        data-testid="lead-filter-channel"
      />
      {multi('slaState', t('leads.fields.sla'), SLA_STATES.map((s) => ({ value: s, label: t(`leads.sla.${s}`) })), 150)}
      <Select
        allowClear
        placeholder={t('leads.duplicatesFilter')}
        value={filters.duplicates}
        onChange={(v?: 'exclude' | 'only') => set({ duplicates: v })}
        options={(['exclude', 'only'] as const).map((v) => ({ value: v, label: t(`leads.repeatsFilter.${v}`) }))}
        style={{ width: 130 }}
        data-testid="lead-filter-duplicates"
      />
      <ScoreRange min={filters.scoreMin} max={filters.scoreMax} onChange={(scoreMin, scoreMax) => set({ scoreMin, scoreMax })} />
      <CreatedRange from={filters.createdFrom} to={filters.createdTo} onChange={(createdFrom, createdTo) => set({ createdFrom, createdTo })} />
      </>}
      {countLeadFilters(filters) > 0 && <Button type="link" onClick={() => onChange({})}>{t('leads.clearFilters')}</Button>}
    </div>
  );
}

/**
 * 最低分–最高分, applied when the user leaves a box or presses Enter (not on every keystroke); a range typed the wrong
 * way round is put in order rather than answered with an empty list.
 */
function ScoreRange({ min, max, onChange }: { min?: number; max?: number; onChange: (min?: number, max?: number) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<[number | null, number | null]>([min ?? null, max ?? null]);
  // Each box follows its own filter only: leaving 最低分 applies it while the user may already be typing 最高分.
  useEffect(() => setDraft((d) => [min ?? null, d[1]]), [min]);
  useEffect(() => setDraft((d) => [d[0], max ?? null]), [max]);
  const apply = () => {
    const [a, b] = draft;
    const [lo, hi] = a !== null && b !== null && a > b ? [b, a] : [a, b];
    if ((lo ?? undefined) !== min || (hi ?? undefined) !== max) onChange(lo ?? undefined, hi ?? undefined);
    else setDraft([lo, hi]);
  };
  const box = (k: 0 | 1, placeholder: string, testId?: string) => (
    <InputNumber
      min={0}
      max={100}
      precision={0}
      placeholder={placeholder}
      value={draft[k]}
      onChange={(v) => setDraft((d) => (k === 0 ? [v, d[1]] : [d[0], v]))}
      onBlur={apply}
      onPressEnter={apply}
      style={{ width: 84 }}
      data-testid={testId}
    />
  );
  return <Space.Compact>{box(0, t('leads.scoreMin'), 'lead-score-min')}{box(1, t('leads.scoreMax'), 'lead-score-max')}</Space.Compact>;
}

/**
 * 创建日期 from–to, whole days in the workspace's time zone: the first day from its midnight, the last day through to
 * the next midnight (createdTo is exclusive). A range opened from a report is that week's, shown by its days.
 */
function CreatedRange({ from, to, onChange }: { from?: string; to?: string; onChange: (from?: string, to?: string) => void }) {
  const { t } = useTranslation();
  return (
    <DatePicker.RangePicker
      allowEmpty={[true, true]}
      value={[from ? toPicker(from) : null, to ? toPicker(to).subtract(1, 'millisecond') : null]}
      onChange={(range) => onChange(
        range?.[0] ? fromPicker(range[0].startOf('day')) : undefined,
        range?.[1] ? fromPicker(range[1].add(1, 'day').startOf('day')) : undefined,
      )}
      placeholder={[t('leads.createdFrom'), t('leads.createdTo')]}
      style={{ width: 250 }}
      data-testid="lead-filter-created"
    />
  );
}
