// Pages a role cannot use: the menu leaves them out, and an address typed or pasted opens one plain "no access" page
// rather than the page's frame with a permission error under it.
import type { ReactNode } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types';
import { hasPermission, useMe } from '../features/auth/session';

/** Where a signed-in user starts: the leads for those who work them, else the accounts. */
export function homePath(me: Me | undefined): string {
  return hasPermission(me, 'leads.read') ? '/leads' : '/accounts';
}

export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={homePath(me.data)} replace />;
}

/** Shows `children` when the user passes `allowed`, else the no-access page with a way home. */
export function RequireAccess({ allowed, children }: { allowed: (me: Me) => boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  if (!me.data) return null;
  if (allowed(me.data)) return <>{children}</>;
  return (
    <Result
      status="403"
      title={t('common.noAccessTitle')}
      subTitle={t('common.noAccess')}
      extra={<Button type="primary" onClick={() => navigate(homePath(me.data), { replace: true })}>{t('common.backHome')}</Button>}
      data-testid="no-access"
    />
  );
}
