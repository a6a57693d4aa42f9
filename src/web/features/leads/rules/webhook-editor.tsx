import { useState } from 'react';
import { App, Alert, Button, Checkbox, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_EVENTS, NOTIFICATION_EVENT_LABELS, WEBHOOK_FORMAT_KEYS } from '../../../../shared/notification-contracts';
import { api, isApiError } from '../../../api/client';
import { localizeMessage } from '../../../i18n';
import { errorMessage } from '../../../ui/feedback';
import { useGuardedClose, validFields } from '../../../ui/forms';
import { pickText } from '../lead-format';
import type { Webhook } from '../lead-types';
import { formatLabel, generateSecret, isHttpUrl, robotOfUrl, URL_PLACEHOLDERS, type WebhookFormat, type WebhookListItem } from './webhook-format';

const ROBOT_HOST_HINTS: Record<Exclude<WebhookFormat, 'json'>, string> = {
  wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com', feishu: 'open.feishu.cn',
};

/**
 * Create or edit a webhook. The URL comes back masked (it holds the robot's credential) and is kept unless changed;
 * the secret is shown once on creation and otherwise only replaced or removed.
 */
export function WebhookEditor({ hook, onClose }: { hook: WebhookListItem | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isRemovingSecret, setRemovingSecret] = useState(false);
  const format = (Form.useWatch('format', form) ?? hook?.format ?? 'wecom') as WebhookFormat;
  const url = (Form.useWatch('url', form) ?? '') as string;
  const typedSecret = Form.useWatch('secret', form) as string | undefined;
  const robotName = (f: WebhookFormat) => formatLabel(f, i18n.language);
  const close = useGuardedClose(form, onClose);

  const urlWarning = (() => {
    if (format === 'json' || !isHttpUrl(url) || robotOfUrl(url)) return null;
    return t('leadRules.webhooks.urlUnknownHost', { robot: robotName(format), host: ROBOT_HOST_HINTS[format] });
  })();

  const secretField = (): { secret?: string | null } => {
    // A WeCom robot has no signing; a secret left from another format is dropped rather than kept unseen.
    if (format === 'wecom') return hook?.hasSecret ? { secret: null } : {};
    if (isRemovingSecret) return { secret: null };
    const v = form.getFieldValue('secret') as string | undefined;
    return v ? { secret: v } : {};
  };

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    // The URL is write-only: left as shown (masked), it is not sent and the stored one is kept.
    const isUrlUnchanged = hook && v.url === hook.url;
    const body = { name: v.name, ...(isUrlUnchanged ? {} : { url: v.url }), format: v.format, events: v.events, isEnabled: v.isEnabled, ...secretField() };
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

  const validateUrl = async (_: unknown, value: string | undefined) => {
    if (!value) return;
    if (!isHttpUrl(value.trim())) throw new Error(t('leadRules.webhooks.urlInvalid'));
    const robot = robotOfUrl(value);
    if (robot && robot !== form.getFieldValue('format')) throw new Error(t('leadRules.webhooks.urlWrongRobot', { robot: robotName(robot) }));
  };

  const secretHelp = {
    json: t('leadRules.webhooks.secretHintJson'), dingtalk: t('leadRules.webhooks.secretHintDingtalk'), feishu: t('leadRules.webhooks.secretHintFeishu'), wecom: '',
  }[format];
  const hasSecretNow = Boolean(typedSecret) || (Boolean(hook?.hasSecret) && !isRemovingSecret);

  return (
    <Modal open title={hook ? t('leadRules.webhooks.editTitle', { name: hook.name }) : t('leadRules.webhooks.new')} onCancel={close} maskClosable={false} onOk={() => void save()}
      confirmLoading={saving} width={640} destroyOnHidden okButtonProps={{ 'data-testid': 'webhook-save' } as never}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" preserve={false}
        initialValues={hook ? { ...hook, secret: undefined } : { format: 'wecom', events: ['lead.assigned', 'lead.sla_warning', 'lead.sla_breached', 'lead.recycle_warning'], isEnabled: true }}>
        <Form.Item name="name" label={t('leadRules.webhooks.name')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
        <Form.Item name="format" label={t('leadRules.webhooks.format')} rules={[{ required: true }]}
          extra={format === 'dingtalk' || format === 'feishu' ? t('leadRules.webhooks.keywordHint') : undefined}>
          <Select data-testid="webhook-format" onChange={() => void form.validateFields(['url']).catch(() => undefined)}
            options={WEBHOOK_FORMAT_KEYS.map((k) => ({ value: k, label: formatLabel(k, i18n.language, k !== 'json' || hasSecretNow) }))} />
        </Form.Item>
        <Form.Item name="url" label="URL" validateFirst rules={[{ required: true, message: t('leadRules.webhooks.urlInvalid') }, { validator: validateUrl }]}
          extra={hook && url === hook.url ? t('leadRules.webhooks.urlMasked') : undefined}
          help={urlWarning ?? undefined} validateStatus={urlWarning ? 'warning' : undefined}>
          <Input placeholder={URL_PLACEHOLDERS[format]} data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="events" label={t('leadRules.webhooks.events')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={NOTIFICATION_EVENTS.map((e) => ({ value: e, label: pickText(NOTIFICATION_EVENT_LABELS[e], i18n.language) }))} />
        </Form.Item>
        {format === 'wecom' ? (
          <Form.Item label={t('leadRules.webhooks.secret')}>
            <Typography.Text type="secondary">{t('leadRules.webhooks.secretUnusedWecom')}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item label={t('leadRules.webhooks.secret')} extra={
            <Space direction="vertical" size={0}>
              <span>{secretHelp}</span>
              {hook?.hasSecret && (isRemovingSecret ? t('leadRules.webhooks.secretWillRemove')
                : `${t('leadRules.webhooks.secretCurrent', { masked: hook.secretMasked ?? '••••' })} · ${t('leadRules.webhooks.secretKeep')}`)}
            </Space>
          }>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="secret" noStyle>
                <Input.Password autoComplete="new-password" maxLength={200} disabled={isRemovingSecret} data-testid="webhook-secret" />
              </Form.Item>
              {format === 'json' && !isRemovingSecret && (
                <Button onClick={() => form.setFieldValue('secret', generateSecret())} data-testid="webhook-generate-secret">{t('leadRules.webhooks.generate')}</Button>
              )}
              {hook?.hasSecret && (
                <Button danger={!isRemovingSecret} onClick={() => { setRemovingSecret(!isRemovingSecret); form.setFieldValue('secret', undefined); }}>
                  {isRemovingSecret ? t('leadRules.webhooks.secretUndoRemove') : t('leadRules.webhooks.secretRemove')}
                </Button>
              )}
            </Space.Compact>
          </Form.Item>
        )}
        <Form.Item name="isEnabled" label={t('leadRules.forms.enabled')} valuePropName="checked"><Switch /></Form.Item>
      </Form>
    </Modal>
  );
}
