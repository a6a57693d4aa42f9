import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client';
import { localizeMessage } from '../../../i18n';
import { ErrorAlert, errorMessage, PageLoading } from '../../../ui/feedback';
import { TIERS } from '../lead-format';
import type { LeadSettings } from '../lead-types';
import { RepSettingsTable } from './rep-settings-table';
import { rangeRule, useLeaveGuard, validFields } from '../../../ui/forms';
import { WorkspaceZoneHint } from '../../../ui/workspace-zone';

const KEY = ['lead-settings'] as const;

/** 时效与库容: first-touch SLA per tier, warning window, 撞单 protection, default capacity; then each rep's settings. */
export function SlaSettingsTab({ canManage, canAssign }: { canManage: boolean; canAssign: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: KEY, queryFn: () => api.get<LeadSettings>('/lead-settings') });
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isDirty, setDirty] = useState(false);
  useLeaveGuard(isDirty);
  // What the server holds now replaces the form's values (after a save, or reloaded after a conflict), so a retry
  // does not send this tab's stale values over someone else's change.
  const data = settings.data;
  useEffect(() => { if (data) form.setFieldsValue(data); }, [data, form]);

  if (settings.isLoading) return <PageLoading />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data!;

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await api.put<LeadSettings>('/lead-settings', { ...v, version: s.version });
      queryClient.setQueryData(KEY, saved);
      setDirty(false);
      message.success(t('common.saved'));
    } catch (e) {
      // The form reloads with what someone else saved; the edits are gone, so leaving no longer asks.
      if (isApiError(e, 'VERSION_CONFLICT')) { setDirty(false); void settings.refetch(); }
      if (isApiError(e, 'VALIDATION_FAILED')) form.setFields(e.fieldIssues.map((i) => ({ name: i.path.split('.') as never, errors: [localizeMessage(i.message)] })));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <Card size="small" title={t('leadRules.sla.title')} style={{ marginBottom: 12 }}
        extra={!canManage && <span className="baton-muted">{t('leadRules.readOnlyHint')}</span>}>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form form={form} layout="vertical" initialValues={s} disabled={!canManage} key={s.version}
          onValuesChange={() => setDirty(true)}>
          <Row gutter={16}>
            {TIERS.map((tier) => (
              <Col span={6} key={tier}>
                <Form.Item name={['slaPolicy', 'firstTouchHours', tier]} label={t('leadRules.sla.tierHours', { tier })} extra={t('leadRules.sla.emptyNoSla')} rules={[rangeRule(1, 720)]}>
                  <InputNumber precision={0} suffix={t('leadRules.sla.hours')} style={{ width: '100%' }} data-testid={`sla-${tier}`} />
                </Form.Item>
              </Col>
            ))}
            <Col span={6}>
              <Form.Item name={['slaPolicy', 'warningHours']} label={t('leadRules.sla.warningHours')} rules={[{ required: true }, rangeRule(0, 168)]}>
                <InputNumber precision={0} suffix={t('leadRules.sla.hours')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="conflictProtectionDays" label={t('leadRules.sla.protectionDays')} extra={t('leadRules.sla.protectionHint')} rules={[{ required: true }, rangeRule(1, 365)]}>
                <InputNumber precision={0} suffix={t('leadRules.sla.days')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="defaultCapacity" label={t('leadRules.sla.defaultCapacity')} rules={[{ required: true }, rangeRule(0, 100000)]}>
                <InputNumber precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('leadRules.pools.timeZone')} extra={<WorkspaceZoneHint />}>
                <Input value={s.timeZone} disabled data-testid="sla-time-zone" />
              </Form.Item>
            </Col>
          </Row>
          {canManage && <Button type="primary" loading={saving} onClick={() => void save()} data-testid="sla-save">{t('common.save')}</Button>}
        </Form>
      </Card>
      {(canManage || canAssign) && <RepSettingsTable />}
    </div>
  );
}
