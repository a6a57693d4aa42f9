import { useRef, useState } from 'react';
import { App, Card, DatePicker, InputNumber, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorAlert, errorMessage } from '../../../ui/feedback';
import type { RepSetting } from '../lead-types';

const KEY = ['rep-settings'] as const;

/** Each rep's 库容, routing weight and leave; a change saves at once. */
export function RepSettingsTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const reps = useQuery({ queryKey: KEY, queryFn: () => api.get<{ defaultCapacity: number; items: RepSetting[] }>('/rep-settings') });
  const [saving, setSaving] = useState<string | null>(null);

  const save = async (r: RepSetting, patch: Partial<RepSetting>) => {
    const next = { ...r, ...patch };
    setSaving(r.userId);
    try {
      await api.put(`/rep-settings/${r.userId}`, {
        capacity: next.capacity, weight: next.weight, isAvailable: next.isAvailable, unavailableUntil: next.isAvailable ? null : next.unavailableUntil,
      });
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: KEY });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(null);
    }
  };

  const columns: TableColumnsType<RepSetting> = [
    { key: 'name', title: t('leadRules.reps.name'), render: (_, r) => <>{r.name} {!r.isAvailableNow && <Tag color="orange">{t('leadRules.reps.away')}</Tag>}</> },
    { key: 'held', title: t('leadRules.reps.held'), align: 'right', render: (_, r) => `${r.held} / ${r.capacity}` },
    { key: 'capacity', title: t('leadRules.reps.capacity'), render: (_, r) => <NumberCell value={r.capacity} max={100000} onSave={(capacity) => save(r, { capacity })} testId={`capacity-${r.userId}`} /> },
    { key: 'weight', title: t('leadRules.reps.weight'), render: (_, r) => <NumberCell value={r.weight} max={100} onSave={(weight) => save(r, { weight })} /> },
    // The switch shows whether the rep gets leads now: a leave whose end has passed counts as back.
    { key: 'available', title: t('leadRules.reps.available'), render: (_, r) => <Switch size="small" checked={r.isAvailableNow} loading={saving === r.userId} onChange={(v) => void save(r, { isAvailable: v })} /> },
    {
      key: 'until', title: t('leadRules.reps.until'),
      render: (_, r) => !r.isAvailableNow && (
        <DatePicker size="small" showTime showNow={false} disabledDate={(d) => d.isBefore(dayjs(), 'day')} value={r.unavailableUntil ? dayjs(r.unavailableUntil) : null} placeholder={t('leadRules.reps.untilBack')}
          onChange={(d) => void save(r, { unavailableUntil: d ? d.toISOString() : null })} />
      ),
    },
  ];
  return (
    <Card size="small" title={t('leadRules.reps.title')}>
      {reps.isError && <ErrorAlert error={reps.error} onRetry={() => void reps.refetch()} />}
      <Table<RepSetting> className="baton-table" rowKey={(r) => `${r.userId}-${r.capacity}-${r.weight}`} size="small" columns={columns}
        dataSource={reps.data?.items ?? []} loading={reps.isLoading} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

/**
 * A whole number saved when the cell is left or Enter is pressed. Left empty or out of range it goes back to the stored
 * value and says why: an empty 库容 is not 0, and −5 is not 0 either (InputNumber's own min would have clamped it to 0
 * silently, and the rep would get no lead).
 */
function NumberCell({ value, max, onSave, testId }: { value: number; max: number; onSave: (n: number) => Promise<void>; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<number | null>(value);
  // What was last sent: Enter saves, and leaving the cell afterwards must not save the same number again.
  const sent = useRef(value);
  const commit = () => {
    if (draft === null) { setDraft(value); message.warning(t('leadRules.reps.emptyKept', { value })); return; }
    if (draft < 0 || draft > max) { setDraft(value); message.warning(t('leadRules.reps.outOfRangeKept', { min: 0, max, value })); return; }
    if (draft !== sent.current) { sent.current = draft; void onSave(draft); }
  };
  return <InputNumber size="small" precision={0} value={draft} onChange={setDraft} onBlur={commit} onPressEnter={commit} data-testid={testId} />;
}
