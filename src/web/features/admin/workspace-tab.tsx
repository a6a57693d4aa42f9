import { useMemo } from 'react';
import { Alert, Button, Form, Input, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert, PageLoading } from '../../ui/feedback';
import { useSettingsForm } from '../../ui/use-settings-form';
import { offsetOf } from '../../ui/time';
import { hasPermission, useSession } from '../auth/session';

interface Workspace { id: string; slug: string; name: string; settings: { timeZone: string; currency: string; locale: string }; version: number }

const KEY = ['workspace'] as const;
const toWorkspaceForm = (w: Workspace) => ({ name: w.name, timeZone: w.settings.timeZone });

/** Every IANA zone the browser knows, with its offset now: "Asia/Shanghai (UTC+08:00)". */
function zoneOptions(current: string) {
  const zones = Intl.supportedValuesOf('timeZone');
  // A zone the browser does not list (an alias such as Asia/Chongqing) stays selectable.
  if (current && !zones.includes(current)) zones.unshift(current);
  const now = new Date();
  return zones.map((z) => ({ value: z, label: `${z} (${offsetOf(z, now)})` }));
}

/** 工作区: the workspace's name and its one time zone. */
export default function WorkspaceTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useSession();
  const canManage = hasPermission(me, 'admin.workspace');
  const { query: workspace, form, saving, error, save, markDirty } = useSettingsForm({
    queryKey: KEY,
    load: () => api.get<Workspace>('/workspace'),
    toForm: toWorkspaceForm,
    save: (v, version) => api.patch<Workspace>('/workspace', { ...v, version }),
    // Every time on screen follows the zone: read the session again and redraw what is loaded.
    onSaved: () => void queryClient.invalidateQueries(),
  });
  const options = useMemo(() => zoneOptions(workspace.data?.settings.timeZone ?? ''), [workspace.data?.settings.timeZone]);

  if (workspace.isLoading) return <PageLoading />;
  if (workspace.isError) return <ErrorAlert error={workspace.error} onRetry={() => void workspace.refetch()} />;
  const w = workspace.data!;

  return (
    <div style={{ maxWidth: 560 }}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" initialValues={toWorkspaceForm(w)} disabled={!canManage} onValuesChange={markDirty}>
        <Form.Item name="name" label={t('workspace.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { label: t('workspace.name') }) }, { max: 100 }]}>
          <Input maxLength={100} data-testid="workspace-name" />
        </Form.Item>
        <Form.Item label={t('workspace.slug')} extra={t('workspace.slugHint')}>
          <Typography.Text code>{w.slug}</Typography.Text>
        </Form.Item>
        <Form.Item name="timeZone" label={t('workspace.timeZone')} extra={t('workspace.timeZoneHint')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} data-testid="workspace-time-zone" />
        </Form.Item>
        {canManage && <Button type="primary" loading={saving} onClick={() => void save()} data-testid="workspace-save">{t('common.save')}</Button>}
      </Form>
    </div>
  );
}
