import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Select, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { localizeMessage } from '../../i18n';
import { ErrorAlert, errorMessage, PageLoading } from '../../ui/feedback';
import { useLeaveGuard, validFields } from '../../ui/forms';
import { offsetOf } from '../../ui/time';
import { hasPermission, useSession } from '../auth/session';

interface Workspace { id: string; slug: string; name: string; settings: { timeZone: string; currency: string; locale: string }; version: number }

const KEY = ['workspace'] as const;

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
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useSession();
  const canManage = hasPermission(me, 'admin.workspace');
  const workspace = useQuery({ queryKey: KEY, queryFn: () => api.get<Workspace>('/workspace') });
  const [form] = Form.useForm<{ name: string; timeZone: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isDirty, setDirty] = useState(false);
  useLeaveGuard(isDirty);
  const options = useMemo(() => zoneOptions(workspace.data?.settings.timeZone ?? ''), [workspace.data?.settings.timeZone]);
  // A new version (saved here, or by someone else after a conflict) replaces what the form holds: a retry must not
  // send this tab's stale values over the other change.
  const data = workspace.data;
  useEffect(() => {
    if (data) form.setFieldsValue({ name: data.name, timeZone: data.settings.timeZone });
  }, [data, form]);

  if (workspace.isLoading) return <PageLoading />;
  if (workspace.isError) return <ErrorAlert error={workspace.error} onRetry={() => void workspace.refetch()} />;
  const w = workspace.data!;

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await api.patch<Workspace>('/workspace', { ...v, version: w.version });
      queryClient.setQueryData(KEY, saved);
      setDirty(false);
      message.success(t('common.saved'));
      // Every time on screen follows the zone: read the session again and redraw what is loaded.
      void queryClient.invalidateQueries();
    } catch (e) {
      if (isApiError(e, 'VERSION_CONFLICT')) { setDirty(false); void workspace.refetch(); }
      if (isApiError(e, 'VALIDATION_FAILED')) form.setFields(e.fieldIssues.map((i) => ({ name: i.path as never, errors: [localizeMessage(i.message)] })));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div style={{ maxWidth: 560 }}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" key={w.version} initialValues={{ name: w.name, timeZone: w.settings.timeZone }}
        disabled={!canManage} onValuesChange={() => setDirty(true)}>
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
