import { useState } from 'react';
import { App, Alert, Button, Card, Popconfirm, Progress, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client';
import type { Items } from '../../../api/types';
import { ErrorAlert, errorMessage, PageLoading } from '../../../ui/feedback';
import { useLeaveGuard } from '../../../ui/forms';
import { formatDateTime } from '../../../ui/time';
import type { RescoreStatus, ScoringModelRow } from '../lead-types';
import { ScoringModelEditor } from './scoring-model-editor';
import { ScorePreviewPanel } from './score-preview';

const STATUS_COLORS = { draft: 'gold', active: 'green', retired: 'default' } as const;

/** 评分模型: versions, the draft editor, activation with the background rescore's progress, and a preview. */
export function ScoringModelTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const models = useQuery({ queryKey: ['scoring-models'], queryFn: () => api.get<Items<ScoringModelRow> & { builtIn: ScoringModelRow }>('/scoring-models') });
  const active = useQuery({ queryKey: ['scoring-models', 'active'], queryFn: () => api.get<ScoringModelRow>('/scoring-models/active') });
  const rescore = useQuery({
    queryKey: ['scoring-models', 'rescore-status'],
    queryFn: () => api.get<RescoreStatus>('/scoring-models/rescore-status'),
    refetchInterval: (q) => (['queued', 'running'].includes(q.state.data?.job?.status ?? '') ? 2000 : false),
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Unsaved edits in the open draft: activating or switching versions would drop them without a word.
  const [edited, setEdited] = useState(false);
  useLeaveGuard(edited);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['scoring-models'] });

  if (models.isLoading || active.isLoading) return <PageLoading />;
  if (models.isError) return <ErrorAlert error={models.error} onRetry={() => void refresh()} />;
  const list = models.data?.items ?? [];
  // The built-in model is always listed (retired once a version of the workspace's own is active), so it can be read and started from.
  const all = models.data ? [...list, models.data.builtIn] : list;
  const nameOf = (m: ScoringModelRow) => (m.isDefault ? t('leadRules.scoring.builtInName') : m.name);
  const selected = all.find((m) => m.id === (selectedId ?? list.find((x) => x.status === 'draft')?.id ?? active.data?.id)) ?? all[0];

  const createDraft = async () => {
    setBusy(true);
    try {
      const draft = await api.post<ScoringModelRow>('/scoring-models', { basedOn: selected?.id ?? 'default' });
      setEdited(false);
      setSelectedId(draft.id);
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  // Unsaved edits would be lost to a new version (it copies what is saved), as to switching versions: ask first.
  const confirmDiscard = (then: () => void) => {
    if (!edited) { then(); return; }
    modal.confirm({
      title: t('common.discardTitle'), content: t('common.discardContent'), okText: t('common.discard'), okButtonProps: { danger: true },
      cancelText: t('common.keepEditing'), onOk: () => { setEdited(false); then(); },
    });
  };
  const deleteDraft = async (m: ScoringModelRow) => {
    try {
      await api.delete(`/scoring-models/${m.id}`);
      message.success(t('leadRules.scoring.draftDeleted', { version: m.version }));
      setEdited(false);
      setSelectedId(null);
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const switchTo = (id: string) => confirmDiscard(() => setSelectedId(id));
  const activate = (m: ScoringModelRow) => (edited ? modal.warning({ title: t('leadRules.scoring.saveFirst') }) : modal.confirm({
    title: t('leadRules.scoring.confirmActivate', { version: m.version }),
    content: t('leadRules.scoring.activateHint'),
    onOk: async () => {
      try {
        await api.post(`/scoring-models/${m.id}/activate`);
        message.success(t('leadRules.scoring.activated'));
      } catch (e) {
        message.error(isApiError(e, 'RESCORE_RUNNING') ? e.message : errorMessage(e));
      }
      void refresh();
    },
  }));

  const job = rescore.data?.job;
  const running = job && ['queued', 'running'].includes(job.status);
  const percent = job?.progress?.total ? Math.round(((job.progress.done ?? 0) / job.progress.total) * 100) : running ? 0 : 100;

  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Space wrap>
          <Select
            value={selected?.id}
            onChange={switchTo}
            style={{ minWidth: 280 }}
            options={all.map((m) => ({ value: m.id, label: `v${m.version} · ${nameOf(m)} · ${t(`leadRules.sql.status.${m.status}`)}${m.isDefault ? ` (${t('leadRules.scoring.builtIn')})` : ''}` }))}
            data-testid="model-select"
          />
          {selected && <Tag color={STATUS_COLORS[selected.status]}>{t(`leadRules.sql.status.${selected.status}`)}</Tag>}
          {selected?.activatedAt && <Typography.Text type="secondary">{t('leadRules.sql.activatedAt', { at: formatDateTime(selected.activatedAt) })}</Typography.Text>}
        </Space>
        {canManage && (
          <Space>
            <Button icon={<PlusOutlined />} loading={busy} onClick={() => confirmDiscard(() => void createDraft())} data-testid="new-model-draft">{t('leadRules.scoring.newDraft')}</Button>
            {selected?.status === 'draft' && (
              <Popconfirm title={t('leadRules.scoring.confirmDeleteDraft', { version: selected.version })} okButtonProps={{ danger: true }} onConfirm={() => deleteDraft(selected)}>
                <Button danger icon={<DeleteOutlined />} data-testid="delete-model-draft">{t('leadRules.scoring.deleteDraft')}</Button>
              </Popconfirm>
            )}
            {selected && selected.status !== 'active' && !selected.isDefault && (
              <Button type="primary" icon={<ThunderboltOutlined />} disabled={!!running} onClick={() => activate(selected)} data-testid="activate-model">{t('leadRules.scoring.activate')}</Button>
            )}
          </Space>
        )}
      </div>
      {job && (
        <Alert
          type={job.status === 'failed' ? 'error' : running ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rescore-status"
          title={t(`leadRules.scoring.rescore.${job.status}`, { defaultValue: job.status })}
          description={
            <>
              <Progress percent={percent} size="small" status={job.status === 'failed' ? 'exception' : running ? 'active' : 'success'} />
              <span className="baton-muted">
                {job.progress?.total != null ? t('leadRules.scoring.rescore.progress', { done: job.progress.done ?? 0, total: job.progress.total }) : ''}
                {job.finishedAt ? ` · ${formatDateTime(job.finishedAt)}` : ''}{job.error ? ` · ${job.error}` : ''}
              </span>
            </>
          }
        />
      )}
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Card size="small" style={{ flex: '1 1 600px', minWidth: 0 }}>
          {selected && <ScoringModelEditor key={`${selected.id}-${selected.revision}`} model={selected} editable={canManage && selected.status === 'draft'}
            onSaved={() => { setEdited(false); void refresh(); }} onEdited={() => setEdited(true)} />}
        </Card>
        <div style={{ flex: '0 1 360px', minWidth: 300 }}>{selected && <ScorePreviewPanel modelId={selected.isDefault ? 'default' : selected.id} />}</div>
      </div>
    </div>
  );
}
