import { useState } from 'react';
import { App, Badge, Button, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_EVENT_LABELS, type NotificationEvent } from '../../../../shared/notification-contracts';
import { localizeMessage } from '../../../i18n';
import { api } from '../../../api/client';
import type { Items } from '../../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../../ui/feedback';
import { pickText } from '../lead-format';
import { WebhookDeliveriesDrawer } from './webhook-deliveries';
import { WebhookEditor } from './webhook-editor';
import { formatLabel, type WebhookListItem } from './webhook-format';

export const WEBHOOKS_KEY = ['webhooks'] as const;

interface TestResult { deliveryId: string; isSent: boolean; responseStatus: number | null; error: string | null }

/** Outgoing webhooks (signed JSON, WeCom, DingTalk, Feishu robots) for lead events. */
export function WebhooksTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const hooks = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => api.get<Items<WebhookListItem>>('/webhooks') });
  const [editing, setEditing] = useState<WebhookListItem | 'new' | null>(null);
  const [history, setHistory] = useState<WebhookListItem | null>(null);
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
  // A robot answers HTTP 200 even when it refuses the message: the answer's isSent decides, with the vendor's words.
  const sendTest = (w: WebhookListItem) => call(async () => {
    const r = await api.post<TestResult>(`/webhooks/${w.id}/test`);
    if (r.isSent) message.success(t('leadRules.webhooks.testSent'));
    else if (r.responseStatus !== null) message.error(t('leadRules.webhooks.testFailed', { status: r.responseStatus, error: localizeMessage(r.error ?? '') }), 8);
    else message.error(t('leadRules.webhooks.testFailedNoAnswer', { error: localizeMessage(r.error ?? '') }), 8);
  });

  const columns: TableColumnsType<WebhookListItem> = [
    {
      key: 'name', title: t('leadRules.webhooks.name'), width: 300,
      render: (_, w) => (
        <div style={{ maxWidth: 300 }}>
          <div>{w.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: w.url }}>{w.url}</Typography.Text>
        </div>
      ),
    },
    { key: 'format', title: t('leadRules.webhooks.format'), width: 150, render: (_, w) => formatLabel(w.format, i18n.language, w.hasSecret) },
    {
      key: 'events', title: t('leadRules.webhooks.events'), minWidth: 180,
      render: (_, w) => (
        <div className="baton-tags">
          {w.events.map((e) => <Tag key={e}>{pickText(NOTIFICATION_EVENT_LABELS[e as NotificationEvent] ?? e, i18n.language)}</Tag>)}
        </div>
      ),
    },
    {
      key: 'deliveries', title: t('leadRules.webhooks.deliveries'), width: 150,
      render: (_, w) => {
        const lastFailed = w.lastDelivery && w.lastDelivery.status !== 'sent' && w.lastDelivery.error;
        return (
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(w)} data-testid="webhook-history" style={{ paddingInline: 0 }}>
            {w.failedCount > 0 ? <Badge status="error" text={<Typography.Text type="danger">{t('leadRules.webhooks.failedCount', { count: w.failedCount })}</Typography.Text>} />
              : lastFailed ? <Tooltip title={localizeMessage(w.lastDelivery!.error!)}><Badge status="warning" text={t('leadRules.webhooks.lastFailed')} /></Tooltip>
                : t('leadRules.webhooks.deliveries')}
          </Button>
        );
      },
    },
    {
      key: 'enabled', title: t('leadRules.forms.enabled'), width: 90,
      render: (_, w) => (
        <Tooltip title={w.isEnabled ? undefined : t('leadRules.webhooks.disabledWaiting')}>
          <Switch size="small" checked={w.isEnabled} onChange={(v) => void call(() => api.patch(`/webhooks/${w.id}`, { isEnabled: v, version: w.version }))} />
        </Tooltip>
      ),
    },
    {
      key: 'actions', title: t('common.actions'), width: 170, fixed: 'right',
      render: (_, w) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<SendOutlined />} onClick={() => void sendTest(w)} data-testid="webhook-test">{t('leadRules.webhooks.test')}</Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(w)}>{t('common.edit')}</Button>
          <Popconfirm title={t('leadRules.webhooks.confirmDelete', { name: w.name })} onConfirm={() => void call(() => api.delete(`/webhooks/${w.id}`), t('common.deletedOk'))}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
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
      <Table<WebhookListItem> className="baton-table" rowKey="id" size="small" columns={columns} dataSource={hooks.data?.items ?? []} loading={hooks.isLoading}
        pagination={false} tableLayout="fixed" scroll={{ x: 1100 }} locale={{ emptyText: <EmptyState description={t('leadRules.webhooks.empty')} /> }} />
      {editing && <WebhookEditor hook={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {history && <WebhookDeliveriesDrawer hook={history} onClose={() => setHistory(null)} />}
    </div>
  );
}
