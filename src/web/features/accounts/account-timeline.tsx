import { Button, Space, Tag, Timeline, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AuditEntry, Page } from '../../api/types';
import { AuditChanges } from '../../ui/audit-changes';
import { EmptyState, ErrorAlert, PageLoading } from '../../ui/feedback';
import { accountKeys } from './account-api';
import { RelativeTime } from './account-format';
import { formatDateTime } from '../../ui/time';

export const ACTION_COLORS: Record<string, string> = {
  create: 'green', update: 'blue', delete: 'red', merge: 'purple', unmerge: 'orange', restore: 'cyan',
};

/** 动态: what happened to this account and its contacts, newest first, loaded in pages. */
export function AccountTimeline({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: accountKeys.timeline(accountId),
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>(`/accounts/${accountId}/timeline`, { cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (q.isLoading) return <PageLoading />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const entries = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (!entries.length) return <EmptyState description={t('timeline.empty')} />;
  const entityLabel = (e: string) => (i18n.exists(`entities.${e}`) ? t(`entities.${e}`) : e);

  return (
    <div data-testid="account-timeline" style={{ paddingTop: 8 }}>
      <Timeline
        items={entries.map((e) => ({
          key: e.id,
          color: ACTION_COLORS[e.action] ?? 'gray',
          content: (
            <div>
              <Space size={8} wrap>
                <strong>{e.actorName ?? t(`audit.actorKinds.${e.actorKind}`, { defaultValue: e.actorKind })}</strong>
                <span>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</span>
                <Tag>{entityLabel(e.entity)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <RelativeTime value={e.at} /> · {formatDateTime(e.at)}
                </Typography.Text>
              </Space>
              <AuditChanges entry={e} />
            </div>
          ),
        }))}
      />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}
