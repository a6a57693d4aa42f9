import { useState } from 'react';
import { App, Button, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_EVENT_LABELS, WEBHOOK_FORMAT_LABELS, type NotificationEvent } from '../../../../shared/notification-contracts';
import { api } from '../../../api/client';
import type { Items } from '../../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../../ui/feedback';
import { pickText } from '../lead-format';
import type { Webhook } from '../lead-types';
import { WebhookEditor } from './webhook-editor';

export const WEBHOOKS_KEY = ['webhooks'] as const;

/** Outgoing webhooks (signed JSON, WeCom, DingTalk, Feishu robots) for lead events. */
export function WebhooksTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const hooks = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => api.get<Items<Webhook>>('/webhooks') });
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
  const call = async (fn: () => Promise<unknown>, ok?: string) => {
    try {
      await fn();
      if (ok) message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
    void refresh();
  };

  const columns: TableColumnsType<Webhook> = [
    { key: 'name', title: t('leadRules.webhooks.name'), render: (_, w) => <div><div>{w.name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.url}</Typography.Text></div> },
    { key: 'format', title: t('leadRules.webhooks.format'), render: (_, w) => pickText(WEBHOOK_FORMAT_LABELS[w.format], i18n.language) },
    { key: 'events', title: t('leadRules.webhooks.events'), render: (_, w) => w.events.map((e) => <Tag key={e}>{pickText(NOTIFICATION_EVENT_LABELS[e as NotificationEvent] ?? e, i18n.language)}</Tag>) },
    { key: 'enabled', title: t('leadRules.forms.enabled'), render: (_, w) => <Switch size="small" checked={w.isEnabled} onChange={(v) => void call(() => api.patch(`/webhooks/${w.id}`, { isEnabled: v, version: w.version }))} /> },
    {
      key: 'actions', title: t('common.actions'),
      render: (_, w) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<SendOutlined />} onClick={() => void call(() => api.post(`/webhooks/${w.id}/test`), t('leadRules.webhooks.testSent'))}>{t('leadRules.webhooks.test')}</Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(w)}>{t('common.edit')}</Button>
          <Popconfirm title={t('leadRules.webhooks.confirmDelete', { name: w.name })} onConfirm={() => void call(() => api.delete(`/webhooks/${w.id}`), t('common.deletedOk'))}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('leadRules.webhooks.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-webhook">{t('leadRules.webhooks.new')}</Button>
      </div>
      {hooks.isError && <ErrorAlert error={hooks.error} onRetry={() => void refresh()} />}
      <Table<Webhook> className="baton-table" rowKey="id" size="small" columns={columns} dataSource={hooks.data?.items ?? []} loading={hooks.isLoading}
        pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: <EmptyState description={t('leadRules.webhooks.empty')} /> }} />
      {editing && <WebhookEditor hook={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
