import { useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApiOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, ContactsOutlined, ControlOutlined, LogoutOutlined,
  SafetyCertificateOutlined, SettingOutlined, TeamOutlined, CloudUploadOutlined, AimOutlined, InboxOutlined, SlidersOutlined,
  BarChartOutlined, MenuOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, isApiError, setCsrfToken } from '../api/client';
import { hasPermission, useMe } from '../features/auth/session';
import { canSeeLeadRules } from '../features/leads/rules/lead-rule-access';
import { NotificationBell } from '../features/notifications/notification-bell';
import { LanguageSwitch } from './language-switch';
import { ForeignZoneTag } from './workspace-zone';
import { ErrorAlert, PageLoading } from './feedback';

const { Sider, Header, Content } = Layout;

/** Admin sections and the permission each needs. */
export const ADMIN_SECTIONS = [
  { key: 'workspace', permission: 'admin.workspace', icon: <SettingOutlined /> },
  { key: 'users', permission: 'admin.users', icon: <TeamOutlined /> },
  { key: 'departments', permission: 'admin.departments', icon: <ApartmentOutlined /> },
  { key: 'roles', permission: 'admin.roles', icon: <SafetyCertificateOutlined /> },
  { key: 'custom-fields', permission: 'admin.custom_fields', icon: <ControlOutlined /> },
  { key: 'api-keys', permission: 'admin.api_keys', icon: <ApiOutlined /> },
  { key: 'audit', permission: 'audit.read', icon: <AuditOutlined /> },
] as const;

const COLLAPSED_KEY = 'baton.sider.collapsed';

function selectedKey(pathname: string): string {
  const first = pathname.split('/')[1];
  return `/${first}`;
}

export function AppShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = useMe();
  // The side menu stays as the user left it, across pages and reloads; on a phone it is a drawer opened from the header.
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === '1');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const isPhone = Grid.useBreakpoint().md === false;

  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return <div style={{ padding: 24 }}><ErrorAlert error={me.error} onRetry={() => void me.refetch()} /></div>;
  }
  const session = me.data;
  const hasAdmin = ADMIN_SECTIONS.some((s) => hasPermission(session, s.permission));

  const leadItems: MenuProps['items'] = hasPermission(session, 'leads.read') ? [
    { key: '/leads', icon: <AimOutlined />, label: t('nav.leads') },
    { key: '/pools', icon: <InboxOutlined />, label: t('nav.pools') },
    { key: '/lead-reports', icon: <BarChartOutlined />, label: t('nav.leadReports') },
  ] : [];
  const items: MenuProps['items'] = [
    ...leadItems,
    { key: '/accounts', icon: <BankOutlined />, label: t('nav.accounts') },
    { key: '/contacts', icon: <ContactsOutlined />, label: t('nav.contacts') },
    ...(hasPermission(session, 'accounts.import') ? [{ key: '/import', icon: <CloudUploadOutlined />, label: t('nav.import') }] : []),
    ...(canSeeLeadRules(session) ? [{ key: '/lead-rules', icon: <SlidersOutlined />, label: t('nav.leadRules') }] : []),
    ...(hasAdmin ? [{ key: '/admin', icon: <SettingOutlined />, label: t('nav.admin') }] : []),
  ];

  const logout = async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  };

  const menu = (
    <Menu
      data-testid="side-menu"
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      onClick={({ key }) => { setDrawerOpen(false); navigate(key); }}
      style={{ borderInlineEnd: 'none' }}
    />
  );
  const logo = (showName: boolean) => (
    <div className="baton-logo">
      <span className="baton-logo-mark">接</span>
      {showName && <span>{t('app.title')}</span>}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} closable={false} styles={{ body: { padding: 0 } }}>
          {logo(true)}
          {menu}
        </Drawer>
      ) : (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={(c) => { setCollapsed(c); localStorage.setItem(COLLAPSED_KEY, c ? '1' : '0'); }}
          width={208}
          theme="light"
          style={{ borderRight: '1px solid #eef0f3', position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          {logo(!collapsed)}
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header className="baton-header">
          {isPhone
            ? <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} data-testid="menu-toggle" />
            : <Typography.Text type="secondary" ellipsis>{session.tenant.name}</Typography.Text>}
          <Space size={isPhone ? 8 : 16}>
            {!isPhone && <ForeignZoneTag />}
            <NotificationBell />
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  ...(isPhone ? [{ key: 'name', label: `${session.user.name} · ${session.tenant.name}`, disabled: true }] : []),
                  { key: 'email', label: session.user.email, disabled: true },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: () => void logout() },
                ],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size={28} style={{ background: '#1677ff' }}>{session.user.name.slice(0, 1)}</Avatar>
                {!isPhone && <span>{session.user.name}</span>}
              </Space>
            </Dropdown>
          </Space>
        </Header>
        {/* Keyed by the workspace's zone: when it changes, the page is drawn again with every time in the new zone. */}
        <Content className="baton-content" key={session.tenant.settings.timeZone}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
