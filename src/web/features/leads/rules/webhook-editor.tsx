import { useState } from 'react';
import { App, Alert, Checkbox, Form, Input, Modal, Select, Switch, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_EVENTS, NOTIFICATION_EVENT_LABELS, WEBHOOK_FORMAT_KEYS, WEBHOOK_FORMAT_LABELS } from '../../../../shared/notification-contracts';
import { api, isApiError } from '../../../api/client';
import { localizeMessage } from '../../../i18n';
import { errorMessage } from '../../../ui/feedback';
import { pickText } from '../lead-format';
import type { Webhook } from '../lead-types';
import { validFields } from '../../../ui/forms';

/** Create or edit a webhook; the secret is shown once on creation and otherwise only replaced. */
export function WebhookEditor({ hook, onClose }: { hook: Webhook | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    const body = { name: v.name, url: v.url, format: v.format, events: v.events, isEnabled: v.isEnabled, ...(v.secret ? { secret: v.secret } : {}) };
    setSaving(true);
    setError(null);
    try {
      if (hook) await api.patch(`/webhooks/${hook.id}`, { ...body, version: hook.version });
      else {
        const created = await api.post<Webhook & { secret?: string | null }>('/webhooks', body);
        if (created.secret) modal.info({ title: t('leadRules.webhooks.secretOnce'), content: <Typography.Text copyable code>{created.secret}</Typography.Text> });
      }
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      onClose();
    } catch (e) {
      if (isApiError(e, 'VALIDATION_FAILED')) form.setFields(e.fieldIssues.filter((i) => i.path).map((i) => ({ name: i.path.split('.')[0], errors: [localizeMessage(i.message)] })));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={hook ? t('leadRules.webhooks.editTitle', { name: hook.name }) : t('leadRules.webhooks.new')} onCancel={onClose} onOk={() => void save()}
      confirmLoading={saving} width={640} destroyOnHidden okButtonProps={{ 'data-testid': 'webhook-save' } as never}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" preserve={false}
        initialValues={hook ?? { format: 'wecom', events: ['lead.assigned', 'lead.sla_warning', 'lead.sla_breached', 'lead.recycle_warning'], isEnabled: true }}>
        <Form.Item name="name" label={t('leadRules.webhooks.name')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
        <Form.Item name="url" label="URL" rules={[{ required: true, type: 'url' }]}><Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" /></Form.Item>
        <Form.Item name="format" label={t('leadRules.webhooks.format')} rules={[{ required: true }]}>
          <Select options={WEBHOOK_FORMAT_KEYS.map((k) => ({ value: k, label: pickText(WEBHOOK_FORMAT_LABELS[k], i18n.language) }))} />
        </Form.Item>
        <Form.Item name="events" label={t('leadRules.webhooks.events')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={NOTIFICATION_EVENTS.map((e) => ({ value: e, label: pickText(NOTIFICATION_EVENT_LABELS[e], i18n.language) }))} />
        </Form.Item>
        <Form.Item name="secret" label={t('leadRules.webhooks.secret')} extra={hook ? t('leadRules.webhooks.secretKeep') : t('leadRules.webhooks.secretHint')}>
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item name="isEnabled" label={t('leadRules.forms.enabled')} valuePropName="checked"><Switch /></Form.Item>
      </Form>
    </Modal>
  );
}
