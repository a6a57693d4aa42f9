import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AuditEntry, Page } from '../../api/types';
import { AuditChanges } from '../../ui/audit-changes';
import { EmptyState, ErrorAlert } from '../../ui/feedback';
import { useUserOptions } from '../../ui/queries';
import { formatDateTime } from '../../ui/time';
import { ACTION_COLORS } from '../accounts/account-timeline';
import { adminKeys } from './admin-api';

const ENTITIES = [
  'workspace', 'account', 'contact', 'relationship', 'lead', 'pool', 'routing_rule', 'scoring_model', 'sql_standard', 'lead_form', 'lead_settings',
  'rep_settings', 'webhook', 'user', 'role', 'department', 'custom_field', 'api_key', 'saved_view', 'import_run',
];
const ACTIONS = ['create', 'update', 'delete', 'restore', 'merge', 'unmerge', 'assign', 'claim', 'return', 'recycle', 'follow_up', 'hand_over', 'login', 'revoke'];
/** 'import.create' reads audit.actions.import_create: i18n keys cannot hold a dot. */
export const actionKey = (action: string) => `audit.actions.${action.replace('.', '_')}`;

export default function AuditTab() {
  const { t, i18n } = useTranslation();
  const users = useUserOptions();
  const [entity, setEntity] = useState<string | undefined>();
  const [actorId, setActorId] = useState<string | undefined>();
  const [action, setAction] = useState<string | undefined>();
  const filters = { entity, actorId, action };
  const q = useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit', { ...filters, limit: 50, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const entityLabel = (e: string) => (i18n.exists(`entities.${e}`) ? t(`entities.${e}`) : e);
  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.at'), width: 150, render: (_, e) => formatDateTime(e.at) },
    { key: 'actor', title: t('audit.actor'), width: 120, render: (_, e) => e.actorName ?? t(`audit.actorKinds.${e.actorKind}`, { defaultValue: e.actorKind }) },
    { key: 'action', title: t('audit.action'), width: 90, render: (_, e) => <Tag color={ACTION_COLORS[e.action]}>{t(actionKey(e.action), { defaultValue: e.action })}</Tag> },
    {
      key: 'entity', title: t('audit.entity'), width: 220,
      render: (_, e) => (
        <span>
          {entityLabel(e.entity)}
          {e.entityName && <> · {e.entity === 'lead' ? <Link to={`/leads/${e.entityId}`}>{e.entityName}</Link> : e.entityName}</>}
          {e.accountId && <> · <Link to={`/accounts/${e.accountId}`}>{t('audit.openAccount')}</Link></>}
        </span>
      ),
    },
    { key: 'changes', title: t('audit.changes'), render: (_, e) => <AuditChanges entry={e} /> },
  ];
  return (
    <div>
      <div className="baton-toolbar">
        <Select allowClear placeholder={t('audit.entity')} value={entity} onChange={setEntity} style={{ width: 150 }}
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('audit.actor')} value={actorId} onChange={setActorId} style={{ width: 150 }}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        <Select allowClear placeholder={t('audit.action')} value={action} onChange={setAction} style={{ width: 130 }}
          options={ACTIONS.map((a) => ({ value: a, label: t(actionKey(a)) }))} />
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      <Table<AuditEntry> rowKey="id" size="small" loading={q.isLoading} columns={columns} dataSource={rows} pagination={false}
        locale={{ emptyText: q.isLoading ? ' ' : <EmptyState description={t('audit.empty')} /> }} />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}
