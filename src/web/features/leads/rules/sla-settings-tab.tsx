import { Alert, Button, Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorAlert, PageLoading } from '../../../ui/feedback';
import { TIERS } from '../lead-format';
import type { LeadSettings } from '../lead-types';
import { RepSettingsTable } from './rep-settings-table';
import { rangeRule } from '../../../ui/forms';
import { useSettingsForm } from '../../../ui/use-settings-form';
import { WorkspaceZoneHint } from '../../../ui/workspace-zone';

const KEY = ['lead-settings'] as const;
const asForm = (s: LeadSettings) => s;

/** 时效与库容: first-touch SLA per tier, warning window, 撞单 protection, default capacity; then each rep's settings. */
export function SlaSettingsTab({ canManage, canAssign }: { canManage: boolean; canAssign: boolean }) {
  const { t } = useTranslation();
  const { query: settings, form, saving, error, save, markDirty } = useSettingsForm({
    queryKey: KEY,
    load: () => api.get<LeadSettings>('/lead-settings'),
    toForm: asForm,
    save: (v, version) => api.put<LeadSettings>('/lead-settings', { ...v, version }),
  });

  if (settings.isLoading) return <PageLoading />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data!;

  return (
    <div>
      <Card size="small" title={t('leadRules.sla.title')} style={{ marginBottom: 12 }}
        extra={!canManage && <span className="baton-muted">{t('leadRules.readOnlyHint')}</span>}>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form form={form} layout="vertical" initialValues={s} disabled={!canManage} onValuesChange={markDirty}>
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
