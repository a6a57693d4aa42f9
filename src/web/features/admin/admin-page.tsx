import { lazy, Suspense } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { ADMIN_SECTIONS } from '../../ui/app-shell';
import { NotFoundResult, PageLoading } from '../../ui/feedback';
import { hasPermission, useSession } from '../auth/session';

const SECTIONS: Record<string, React.LazyExoticComponent<() => React.JSX.Element>> = {
  workspace: lazy(() => import('./workspace-tab')),
  users: lazy(() => import('./users-tab')),
  departments: lazy(() => import('./departments-tab')),
  roles: lazy(() => import('./roles-tab')),
  'custom-fields': lazy(() => import('./custom-fields-tab')),
  'api-keys': lazy(() => import('./api-keys-tab')),
  audit: lazy(() => import('./audit-tab')),
};

export default function AdminPage() {
  const { tab = 'users' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const allowed = ADMIN_SECTIONS.filter((s) => hasPermission(me, s.permission));
  if (!allowed.length) return <NotFoundResult />;
  if (!allowed.some((s) => s.key === tab)) return <Navigate to={`/admin/${allowed[0].key}`} replace />;
  const Section = SECTIONS[tab];
  return (
    <div>
      <div className="baton-page-title"><h1>{t('nav.admin')}</h1></div>
      <Card size="small" styles={{ body: { padding: '0 20px 20px' } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(`/admin/${k}`)}
          items={allowed.map((s) => ({ key: s.key, icon: s.icon, label: t(`admin.tabs.${s.key}`) }))}
        />
        <Suspense fallback={<PageLoading />}>
          <Section />
        </Suspense>
      </Card>
    </div>
  );
}
