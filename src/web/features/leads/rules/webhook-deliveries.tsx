import { App, Button, Drawer, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DELIVERY_RETENTION_DAYS, DELIVERY_STATUS_LABELS, NOTIFICATION_EVENT_LABELS, type NotificationEvent } from '../../../../shared/notification-contracts';
import { localizeMessage } from '../../../i18n';
import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import { ErrorAlert, errorMessage } from '../../../ui/feedback';
import { pickText } from '../lead-format';
import { formatDateTime } from '../../../ui/time';
import type { WebhookDelivery, WebhookListItem } from './webhook-format';

const STATUS_COLORS = { pending: 'processing', sent: 'success', failed: 'error' } as const;
const TEST_EVENT_LABEL = { zh: '测试消息', en: 'Test message' };

/** A webhook's delivery history, newest first, with a resend for what failed for good. */
export function WebhookDeliveriesDrawer({ hook, onClose }: { hook: WebhookListItem; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['webhooks', hook.id, 'deliveries'];
  const deliveries = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => api.get<Page<WebhookDelivery>>(`/webhooks/${hook.id}/deliveries`, { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // A resent or retried delivery is sent by the background job within seconds: follow it while any is waiting.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? 3000 : false),
  });
  const rows = deliveries.data?.pages.flatMap((p) => p.items) ?? [];

  const resend = async (d: WebhookDelivery) => {
    try {
      await api.post(`/webhooks/${hook.id}/deliveries/${d.id}/resend`);
      message.success(t('leadRules.webhooks.resent'));
    } catch (e) {
      message.error(errorMessage(e));
    }
    void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  };

  const columns: TableColumnsType<WebhookDelivery> = [
    { key: 'createdAt', title: t('leadRules.webhooks.createdAt'), width: 140, render: (_, d) => formatDateTime(d.createdAt) },
    {
      key: 'event', title: t('leadRules.webhooks.deliveryEvent'), width: 150,
      render: (_, d) => pickText(d.event === 'webhook.test' ? TEST_EVENT_LABEL : NOTIFICATION_EVENT_LABELS[d.event as NotificationEvent] ?? d.event, i18n.language),
    },
    { key: 'title', title: t('leadRules.webhooks.deliveryTitle'), ellipsis: true, render: (_, d) => pickText({ zh: d.title ?? '', en: d.titleEn ?? d.title ?? '' }, i18n.language) },
    {
      key: 'status', title: t('leadRules.webhooks.deliveryStatus'), width: 110,
      render: (_, d) => <Tag color={STATUS_COLORS[d.status]}>{pickText(DELIVERY_STATUS_LABELS[d.status], i18n.language)}</Tag>,
    },
    { key: 'attempts', title: t('leadRules.webhooks.attempts'), width: 90, align: 'right', render: (_, d) => d.attempts },
    { key: 'next', title: t('leadRules.webhooks.nextTry'), width: 140, render: (_, d) => (d.status === 'pending' ? formatDateTime(d.nextAttemptAt) : '') },
    {
      key: 'error', title: t('leadRules.webhooks.lastError'), ellipsis: { showTitle: false },
      render: (_, d) => d.lastError && (
        <Tooltip title={localizeMessage(d.lastError)}><Typography.Text type={d.status === 'sent' ? 'secondary' : 'danger'}>{localizeMessage(d.lastError)}</Typography.Text></Tooltip>
      ),
    },
    {
      key: 'actions', width: 110, fixed: 'right',
      render: (_, d) => d.status === 'failed' && (
        <Button type="link" size="small" icon={<RedoOutlined />} onClick={() => void resend(d)} data-testid="webhook-resend">{t('leadRules.webhooks.resend')}</Button>
      ),
    },
  ];

  return (
    <Drawer open title={t('leadRules.webhooks.deliveriesTitle', { name: hook.name })} onClose={onClose} size={1100} destroyOnHidden>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('leadRules.webhooks.retention', DELIVERY_RETENTION_DAYS)}</Typography.Paragraph>
      {deliveries.isError && <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      <Table<WebhookDelivery> className="baton-table" rowKey="id" size="small" columns={columns} dataSource={rows} loading={deliveries.isLoading}
        pagination={false} scroll={{ x: 1000 }} locale={{ emptyText: t('leadRules.webhooks.noDeliveries') }} data-testid="webhook-deliveries" />
      {deliveries.hasNextPage && (
        <Button block style={{ marginTop: 12 }} loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>{t('leadRules.webhooks.loadMore')}</Button>
      )}
    </Drawer>
  );
}
