import { lazy, Suspense, useMemo } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useTranslation } from 'react-i18next';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { AppShell } from './ui/app-shell';
import { PageLoading, NotFoundResult } from './ui/feedback';
import { hasPermission, ME_KEY } from './features/auth/session';
import { canSeeLeadRules } from './features/leads/rules/lead-rule-access';
import { HomeRedirect, RequireAccess } from './ui/access';

dayjs.extend(relativeTime);

const LoginPage = lazy(() => import('./features/auth/login-page'));
const AccountListPage = lazy(() => import('./features/accounts/account-list-page'));
const AccountDetailPage = lazy(() => import('./features/accounts/account-detail-page'));
const ContactListPage = lazy(() => import('./features/contacts/contact-list-page'));
const ImportPage = lazy(() => import('./features/imports/import-page'));
const AdminPage = lazy(() => import('./features/admin/admin-page'));
const LeadListPage = lazy(() => import('./features/leads/lead-list-page'));
const LeadDetailPage = lazy(() => import('./features/leads/lead-detail-page'));
const PoolsPage = lazy(() => import('./features/leads/pools-page'));
const LeadRulesPage = lazy(() => import('./features/leads/rules/lead-rules-page'));
const LeadReportsPage = lazy(() => import('./features/leads/reports/lead-reports-page'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const page = (node: React.ReactNode) => <Suspense fallback={<PageLoading />}>{node}</Suspense>;
/** A lead page: for those who may read leads; anyone else who opens its address is told they have no access. */
const leadPage = (node: React.ReactNode) => <RequireAccess allowed={(me) => hasPermission(me, 'leads.read')}>{page(node)}</RequireAccess>;

const router = createBrowserRouter([
  { path: '/login', element: page(<LoginPage />) },
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'accounts', element: page(<AccountListPage />) },
      { path: 'accounts/new', element: page(<AccountListPage creating />) },
      { path: 'accounts/:id', element: page(<AccountDetailPage />) },
      { path: 'contacts', element: page(<ContactListPage />) },
      { path: 'leads', element: leadPage(<LeadListPage />) },
      { path: 'leads/new', element: leadPage(<LeadListPage creating />) },
      { path: 'leads/:id', element: leadPage(<LeadDetailPage />) },
      { path: 'pools', element: leadPage(<PoolsPage />) },
      { path: 'lead-rules', element: <RequireAccess allowed={canSeeLeadRules}>{page(<LeadRulesPage />)}</RequireAccess> },
      { path: 'lead-rules/:tab', element: <RequireAccess allowed={canSeeLeadRules}>{page(<LeadRulesPage />)}</RequireAccess> },
      { path: 'lead-reports', element: leadPage(<LeadReportsPage />) },
      { path: 'import', element: page(<ImportPage />) },
      { path: 'admin', element: <Navigate to="/admin/users" replace /> },
      { path: 'admin/:tab', element: page(<AdminPage />) },
      { path: '*', element: <NotFoundResult /> },
    ],
  },
]);

setUnauthorizedHandler(() => {
  queryClient.removeQueries({ queryKey: ME_KEY });
  if (!window.location.pathname.startsWith('/login')) {
    const next = window.location.pathname + window.location.search;
    void router.navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
  }
});

function Providers() {
  const { i18n } = useTranslation();
  const isEn = i18n.language === 'en';
  // Set during render (idempotent) so the first paint already formats dates in the right language.
  dayjs.locale(isEn ? 'en' : 'zh-cn');
  document.title = i18n.t('app.title');
  const themeConfig = useMemo(() => ({
    algorithm: theme.defaultAlgorithm,
    token: { colorPrimary: '#1677ff', borderRadius: 6, colorBgLayout: '#f5f6f8' },
    components: {
      Layout: { siderBg: '#ffffff', headerBg: '#ffffff' },
      Table: { headerBg: '#f7f8fa', cellPaddingBlockSM: 8 },
    },
  }), []);
  return (
    <ConfigProvider locale={isEn ? enUS : zhCN} theme={themeConfig}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Providers />
    </QueryClientProvider>
  );
}
