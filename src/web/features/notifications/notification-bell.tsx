import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Empty, List, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

export interface Notification {
  id: string; event: string; title: string; titleEn: string; body: string; bodyEn: string;
  entityType: string | null; entityId: string | null; readAt: string | null; createdAt: string;
}
interface NotificationPage { items: Notification[]; nextCursor: string | null; unreadCount: number }

const KEY = ['notifications'] as const;
const PANEL: React.CSSProperties = {
  width: 360, maxHeight: 480, overflow: 'auto', background: '#fff', borderRadius: 8, boxShadow: '0 6px 16px rgba(0,0,0,.12)',
};
const HEAD: React.CSSProperties = {
  display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '10px 16px', borderBottom: '1px solid #f0f0f0',
  position: 'sticky', top: 0, background: '#fff', zIndex: 1,
};
const ROUTES: Record<string, (id: string) => string> = { lead: (id) => `/leads/${id}`, account: (id) => `/accounts/${id}` };

/** 通知: the unread count polled every 30 s, the latest in a dropdown; a click opens the record and marks it read. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => api.get<NotificationPage>('/notifications', { limit: 20 }),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
    retry: false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });

  const openOne = async (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      // The page opens whether or not the read mark lands; the next poll fixes the badge either way.
      void api.post(`/notifications/${n.id}/read`).then(refresh, () => undefined);
    }
    const route = n.entityType && n.entityId ? ROUTES[n.entityType] : undefined;
    if (route) navigate(route(n.entityId!));
  };
  const readAll = async () => {
    await api.post('/notifications/read-all').catch(() => undefined);
    void refresh();
  };

  const unread = list.data?.unreadCount ?? 0;
  const panel = (
    <div style={PANEL} data-testid="notification-panel">
      <div style={HEAD}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button type="link" size="small" disabled={!unread} onClick={() => void readAll()} data-testid="notification-read-all">{t('notifications.readAll')}</Button>
      </div>
      {list.isLoading ? <div style={{ padding: 24, textAlign: 'center' }}><Spin /></div> : !list.data?.items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} style={{ padding: 16 }} />
      ) : (
        <List
          size="small"
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer', padding: '8px 16px', background: n.readAt ? undefined : '#f0f7ff' }} onClick={() => void openOne(n)} data-testid="notification-item">
              {/* A long unbroken name wraps inside the popover instead of running past its edge. */}
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <div style={{ fontWeight: n.readAt ? 400 : 600 }}>{en ? n.titleEn : n.title}</div>
                <div style={{ color: '#646a73', fontSize: 13 }}>{en ? n.bodyEn : n.body}</div>
                <div className="baton-muted" style={{ fontSize: 12 }}>{dayjs(n.createdAt).fromNow()}</div>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Dropdown open={open} onOpenChange={(o) => { setOpen(o); if (o) void refresh(); }} popupRender={() => panel} trigger={['click']} placement="bottomRight">
      <Badge count={unread} size="small" overflowCount={99}>
        <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('notifications.title')} data-testid="notification-bell" />
      </Badge>
    </Dropdown>
  );
}
