import { useRef, useState } from 'react';
import { App, Card, InputNumber, Space, Switch, Table, Tag } from 'antd';
import { DatePicker } from '../../../ui/date-picker';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorAlert, errorMessage } from '../../../ui/feedback';
import type { RepSetting } from '../lead-types';
import { fromPicker, inWorkspaceZone, pickerNow, toPicker } from '../../../ui/time';

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
        capacity: next.capacity, weight: next.weight, isAvailable: next.isAvailable,
        unavailableFrom: next.isAvailable ? null : next.unavailableFrom, unavailableUntil: next.isAvailable ? null : next.unavailableUntil,
      });
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: KEY });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(null);
    }
  };

  // Switched off: the leave starts now and keeps an end still ahead. A leave entered ahead is cancelled by its tag.
  const switchAvailable = (r: RepSetting, isAvailable: boolean) => {
    const { until } = pendingLeave(r);
    return save(r, isAvailable ? { isAvailable } : { isAvailable, unavailableFrom: null, unavailableUntil: until });
  };
  // A date picked enters or changes the leave; clearing one where there is no leave left changes nothing.
  const saveLeave = (r: RepSetting, side: 'unavailableFrom' | 'unavailableUntil', d: Dayjs | null) => {
    const leave = pendingLeave(r);
    if (!d && !leave.isPending) return;
    void save(r, { isAvailable: false, unavailableFrom: leave.from, unavailableUntil: leave.until, [side]: d ? fromPicker(d) : null });
  };

  const columns: TableColumnsType<RepSetting> = [
    { key: 'name', title: t('leadRules.reps.name'), render: (_, r) => <>{r.name} <LeaveTag rep={r} onCancel={() => void save(r, { isAvailable: true })} /></> },
    { key: 'held', title: t('leadRules.reps.held'), align: 'right', render: (_, r) => `${r.held} / ${r.capacity}` },
    { key: 'capacity', title: t('leadRules.reps.capacity'), render: (_, r) => <NumberCell value={r.capacity} max={100000} onSave={(capacity) => save(r, { capacity })} testId={`capacity-${r.userId}`} /> },
    { key: 'weight', title: t('leadRules.reps.weight'), render: (_, r) => <NumberCell value={r.weight} max={100} onSave={(weight) => save(r, { weight })} /> },
    // The switch shows whether the rep gets leads now: a leave whose end has passed counts as back.
    { key: 'available', title: t('leadRules.reps.available'), render: (_, r) => <Switch size="small" checked={r.isAvailableNow} loading={saving === r.userId} onChange={(v) => void switchAvailable(r, v)} /> },
    {
      // Shown for every rep, so next week's leave can be entered while the rep still gets leads.
      key: 'leave', title: t('leadRules.reps.leave'),
      render: (_, r) => {
        const { from, until } = pendingLeave(r);
        return (
          <Space size={4}>
            <DatePicker size="small" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" showNow={false} aria-label={t('leadRules.reps.from')} placeholder={t('leadRules.reps.fromNow')}
              disabledDate={(d) => !!until && d.isAfter(toPicker(until), 'day')} value={from ? toPicker(from) : null} onChange={(d) => saveLeave(r, 'unavailableFrom', d)} />
            <span>→</span>
            <DatePicker size="small" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" showNow={false} aria-label={t('leadRules.reps.until')} placeholder={t('leadRules.reps.untilBack')}
              disabledDate={(d) => d.isBefore(pickerNow(), 'day') || (!!from && d.isBefore(toPicker(from), 'day'))} value={until ? toPicker(until) : null}
              onChange={(d) => saveLeave(r, 'unavailableUntil', d)} />
          </Space>
        );
      },
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
 * The leave that still matters: on now or entered ahead. One whose end has passed is over (the rep is back), so its
 * dates are neither shown nor sent again.
 */
function pendingLeave(r: RepSetting): { isPending: boolean; from: string | null; until: string | null } {
  const isOver = r.unavailableUntil !== null && !dayjs(r.unavailableUntil).isAfter(dayjs());
  if (r.isAvailable || isOver) return { isPending: false, from: null, until: null };
  return { isPending: true, from: r.unavailableFrom, until: r.unavailableUntil };
}

/** 请假中 while the rep gets no leads; 已排假 with its start for a leave entered ahead, which the tag's × cancels. */
function LeaveTag({ rep, onCancel }: { rep: RepSetting; onCancel: () => void }) {
  const { t } = useTranslation();
  if (!rep.isAvailableNow) return <Tag color="orange">{t('leadRules.reps.onLeave')}</Tag>;
  const { isPending, from } = pendingLeave(rep);
  if (!isPending || !from) return null;
  return (
    <Tag color="blue" closable={{ 'aria-label': t('leadRules.reps.cancelLeave') }} title={t('leadRules.reps.cancelLeave')}
      onClose={(e) => { e.preventDefault(); onCancel(); }}>
      {t('leadRules.reps.scheduled', { from: inWorkspaceZone(from).format('MM-DD HH:mm') })}
    </Tag>
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
