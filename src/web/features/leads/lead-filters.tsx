import { useEffect, useState } from 'react';
import { Button, Input, InputNumber, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES, LEAD_STATUS_LABELS, LEAD_SOURCE_TYPES } from '../../../shared/dictionaries';
import { useDict } from '../../ui/dict';
import { countLeadFilters, type LeadFilters } from './lead-api';
import { SLA_STATES, TIERS } from './lead-format';

interface Props { filters: LeadFilters; onChange: (f: LeadFilters) => void }

/** The filter bar above the lead table; every change is a server query parameter. */
export function LeadFilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const dict = useDict();
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const set = (patch: Partial<LeadFilters>) => onChange({ ...filters, ...patch });

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
        style={{ width: 220 }}
        data-testid="lead-search"
      />
      {multi('tier', t('leads.fields.tier'), TIERS.map((x) => ({ value: x, label: x })), 104)}
      {multi('status', t('leads.fields.status'), dict.options(LEAD_STATUS_LABELS), 130)}
      {multi('sourceType', t('leads.fields.sourceType'), dict.options(LEAD_SOURCE_TYPES), 130)}
      {multi('source', t('leads.fields.source'), sourceOptions, 140)}
      <Select
        mode="tags"
        allowClear
        maxTagCount="responsive"
        placeholder={t('leads.fields.channel')}
        value={filters.channel ?? []}
        onChange={(v: string[]) => set({ channel: v })}
        open={false}
        suffixIcon={null}
        style={{ width: 130 }}
      />
      {multi('slaState', t('leads.fields.sla'), SLA_STATES.map((s) => ({ value: s, label: t(`leads.sla.${s}`) })), 130)}
      <Space.Compact>
        <InputNumber
          min={0}
          max={100}
          placeholder={t('leads.scoreMin')}
          value={filters.scoreMin ?? null}
          onChange={(v) => set({ scoreMin: v ?? undefined })}
          style={{ width: 84 }}
          data-testid="lead-score-min"
        />
        <InputNumber
          min={0}
          max={100}
          placeholder={t('leads.scoreMax')}
          value={filters.scoreMax ?? null}
          onChange={(v) => set({ scoreMax: v ?? undefined })}
          style={{ width: 84 }}
        />
      </Space.Compact>
      {countLeadFilters(filters) > 0 && <Button type="link" onClick={() => onChange({})}>{t('leads.clearFilters')}</Button>}
    </div>
  );
}
