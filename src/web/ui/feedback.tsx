import { Alert, Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { localizeMessage } from '../i18n';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // A refusal that says why (an unreadable import file: too large, legacy .xls) shows the why after the what.
    const reason = (error.details as { reason?: unknown } | undefined)?.reason;
    return typeof reason === 'string' ? `${error.message}（${localizeMessage(reason)}）` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A failed load: the server's message and a retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}

export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} style={{ padding: '32px 0' }}>
      {action}
    </Empty>
  );
}

export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin />
    </div>
  );
}

/** A page that is not there or not the user's to see; a page can say why that may be and where to go instead. */
export function NotFoundResult({ subTitle, extra }: { subTitle?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={subTitle ?? t('common.notFound')} extra={extra} />;
}
