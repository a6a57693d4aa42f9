import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client';
import type { Account, SavedView, ViewConfig } from '../../api/types';
import { EmptyState, ErrorAlert } from '../../ui/feedback';
import { ExportMenu } from '../../ui/export-menu';
import { KeysetPager, PAGE_SIZES, useCursorStack } from '../../ui/keyset-pager';
import { useListAddress } from '../../ui/use-list-address';
import { oneOf, UUID } from '../../ui/list-address';
import { customFieldLabel, useCustomFields } from '../../ui/queries';
import { fieldAccess, hasPermission, useSession } from '../auth/session';
import { accountKeys, cleanFilters, countActiveFilters, DEFAULT_SORT, listAccounts, type AccountFilters } from './account-api';
import { AccountFilterBar } from './account-filters';
import { accountFiltersFromParams, accountFiltersToParams } from './account-list-address';
import { formatCustomValue, renderAccountField } from './account-format';
import { AccountFormDrawer } from './account-form-drawer';
import { ColumnChooser, type ColumnOption } from './column-chooser';
import { SavedViews } from './saved-views';

const LIST_COLUMNS = [
  'name', 'industry', 'level', 'segment', 'lifecycleStage', 'province', 'city', 'ownerId', 'csOwnerId', 'annualRevenue',
  'employeeSize', 'source', 'tags', 'creditCode', 'website', 'parentId', 'createdAt', 'updatedAt',
];
const DEFAULT_COLUMNS = ['name', 'industry', 'level', 'segment', 'lifecycleStage', 'province', 'ownerId', 'annualRevenue', 'tags', 'updatedAt'];
const SORTABLE = new Set(['name', 'annualRevenue', 'createdAt', 'updatedAt']);
const STORAGE_KEY = 'baton.accounts.list';

interface ListState { filters: AccountFilters; sort: string; columns: string[]; pageSize: number; viewId: string | null }

const SORTS = [...SORTABLE].flatMap((k) => [k, `-${k}`]);

const fromSaved = (saved: Partial<ListState> | null): ListState =>
  ({ filters: {}, sort: DEFAULT_SORT, columns: DEFAULT_COLUMNS, pageSize: PAGE_SIZES[0], viewId: null, ...saved });

/** The list as its address says (/accounts?view=<saved view>&sort=name&industry=C); the columns stay as this tab has them. */
function fromParams(params: URLSearchParams, saved: ListState): ListState {
  const viewId = params.get('view');
  return {
    columns: saved.columns,
    filters: accountFiltersFromParams(params),
    sort: oneOf(params.get('sort'), SORTS, DEFAULT_SORT),
    pageSize: oneOf(Number(params.get('pageSize')), PAGE_SIZES, PAGE_SIZES[0]),
    viewId: viewId && UUID.test(viewId) ? viewId : null,
  };
}

/** The address of a list: its saved view, its sort and page size where not the usual ones, then its filters. */
const addressOf = (s: ListState) => ({
  ...(s.viewId ? { view: s.viewId } : {}),
  ...(s.sort !== DEFAULT_SORT ? { sort: s.sort } : {}),
  ...(s.pageSize !== PAGE_SIZES[0] ? { pageSize: String(s.pageSize) } : {}),
  ...accountFiltersToParams(cleanFilters(s.filters)),
});

export default function AccountListPage({ creating = false }: { creating?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const me = useSession();
  const customFields = useCustomFields('account');
  const [state, setState] = useListAddress<ListState>({ storageKey: STORAGE_KEY, fromSaved, fromParams, toParams: addressOf, paused: creating });

  const filters = cleanFilters(state.filters);
  const resetKey = JSON.stringify([filters, state.sort, state.pageSize]);
  const pager = useCursorStack(resetKey);
  const params = { ...filters, sort: state.sort, limit: state.pageSize, cursor: pager.cursor ?? undefined, withTotal: true };
  const list = useQuery({
    queryKey: accountKeys.list(params),
    queryFn: () => listAccounts(params),
    placeholderData: keepPreviousData,
  });

  const visibleField = (f: string) => fieldAccess(me, 'account', f) !== 'hidden';
  const columnOptions: ColumnOption[] = useMemo(() => [
    ...LIST_COLUMNS.filter(visibleField).map((k) => ({ key: k, label: t(`fields.account.${k}`), locked: k === 'name' })),
    ...(customFields.data ?? []).map((f) => ({ key: `cf.${f.key}`, label: customFieldLabel(f, lang) })),
  ], [customFields.data, lang, me]);

  const sortOrderOf = (key: string): SortOrder => (state.sort === key ? 'ascend' : state.sort === `-${key}` ? 'descend' : null);
  const columns: TableColumnsType<Account> = columnOptions
    .filter((o) => state.columns.includes(o.key))
    .map((o) => {
      const base = {
        key: o.key,
        title: o.label,
        sorter: SORTABLE.has(o.key),
        sortOrder: SORTABLE.has(o.key) ? sortOrderOf(o.key) : undefined,
        sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[],
      };
      if (o.key === 'name') {
        return {
          ...base,
          fixed: 'left' as const,
          render: (_: unknown, a: Account) => (
            <Link to={`/accounts/${a.id}`} className="baton-link-cell" title={a.name}>{a.name}</Link>
          ),
        };
      }
      if (o.key.startsWith('cf.')) {
        const f = customFields.data?.find((c) => `cf.${c.key}` === o.key);
        return { ...base, render: (_: unknown, a: Account) => formatCustomValue(f, a.custom?.[o.key.slice(3)]) };
      }
      return {
        ...base,
        align: o.key === 'annualRevenue' ? ('right' as const) : undefined,
        render: (_: unknown, a: Account) => renderAccountField(o.key, a, lang, true),
      };
    });

  const onTableChange: TableProps<Account>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s || !s.order || !s.columnKey) setState({ sort: DEFAULT_SORT });
    else setState({ sort: s.order === 'ascend' ? String(s.columnKey) : `-${String(s.columnKey)}` });
  };

  const applyView = (view: SavedView | null) => {
    if (!view) {
      setState({ viewId: null, filters: {}, sort: DEFAULT_SORT, columns: DEFAULT_COLUMNS });
      return;
    }
    const c = view.config;
    setState({
      viewId: view.id,
      filters: (c.filters ?? {}) as AccountFilters,
      sort: c.sort ?? DEFAULT_SORT,
      columns: c.columns?.length ? c.columns : DEFAULT_COLUMNS,
    });
  };
  const viewConfig: ViewConfig = { filters, sort: state.sort, columns: state.columns };
  const exportHref = (format: 'csv' | 'xlsx') => apiUrl('/accounts/export', { format, ...filters, sort: state.sort });
  const rows = list.data?.items ?? [];
  const hasFilters = countActiveFilters(state.filters) > 0;
  const canWrite = hasPermission(me, 'accounts.write');

  return (
    <div>
      <div className="baton-page-title">
        <Space size={12} align="center">
          <h1>{t('nav.accounts')}</h1>
          <SavedViews viewId={state.viewId} currentConfig={viewConfig} onApply={applyView} />
        </Space>
        <Space>
          <ColumnChooser
            options={columnOptions}
            value={state.columns}
            onChange={(c) => setState({ columns: c })}
            onReset={() => setState({ columns: DEFAULT_COLUMNS })}
          />
          {hasPermission(me, 'accounts.import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/import?entity=account')}>{t('common.import')}</Button>
          )}
          {hasPermission(me, 'accounts.export') && (
            <ExportMenu hrefFor={exportHref} />
          )}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/accounts/new')} data-testid="new-account">
              {t('accounts.new')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <AccountFilterBar
          filters={state.filters}
          onChange={(f) => setState({ filters: f })}
          customFields={customFields.data ?? []}
        />
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        <Table<Account>
          className="baton-table"
          data-testid="account-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          pagination={false}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          showSorterTooltip={false}
          locale={{
            emptyText: list.isPending ? ' ' : hasFilters ? (
              <EmptyState
                description={t('accounts.emptyFiltered')}
                action={<Button onClick={() => setState({ filters: {} })}>{t('accounts.clearFilters')}</Button>}
              />
            ) : (
              <EmptyState
                description={t('accounts.empty')}
                action={canWrite && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/accounts/new')}>{t('accounts.new')}</Button>
                )}
              />
            ),
          }}
        />
        <KeysetPager
          page={pager.page}
          hasPrev={pager.hasPrev}
          hasNext={!!list.data?.nextCursor}
          onPrev={pager.prev}
          onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)}
          pageSize={state.pageSize}
          onPageSize={(n) => setState({ pageSize: n })}
          // While a newly filtered list loads (back on page 1), the old list's total would describe rows no longer shown.
          total={list.isPlaceholderData && pager.page === 1 ? undefined : list.data?.total}
          totalIsEstimate={list.data?.totalIsEstimate}
          loading={list.isFetching}
        />
        {list.data && !rows.length && pager.hasPrev && (
          <Typography.Text type="secondary">{t('common.noMoreRows')}</Typography.Text>
        )}
      </Card>
      <AccountFormDrawer
        open={creating}
        onClose={() => navigate('/accounts')}
        onSaved={(a) => navigate(`/accounts/${a.id}`)}
      />
    </div>
  );
}
