import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client';
import type { Page } from '../../api/types';
import type { DataScope } from '../../../shared/dictionaries';
import { EmptyState, ErrorAlert } from '../../ui/feedback';
import { ExportMenu } from '../../ui/export-menu';
import { KeysetPager, PAGE_SIZES, useCursorStack } from '../../ui/keyset-pager';
import { useListAddress } from '../../ui/use-list-address';
import { oneOf } from '../../ui/list-address';
import { hasPermission, useSession } from '../auth/session';
import { leadKeys, type LeadFilters, type LeadView } from './lead-api';
import { countLeadFilters, leadFiltersFromParams, leadFiltersToParams } from './lead-list-address';
import { LeadFilterBar } from './lead-filters';
import { ScoreCell, SlaTag, sourceText, StatusTag, TierTag } from './lead-format';
import { formatDateTime } from '../../ui/time';
import { LeadFormDrawer } from './lead-form-drawer';
import { BulkAssignModal } from './lead-assign-modal';
import type { Lead } from './lead-types';

const STORAGE_KEY = 'baton.leads.list';
const SORTS = ['-updatedAt', '-score', '-createdAt'] as const;
const DEFAULT_SORT = '-updatedAt';

interface ListState { view: LeadView; filters: LeadFilters; sort: string; pageSize: number }

/** The view a user starts on: a rep their own leads, a manager their team's, marketing and admins every lead. */
function defaultView(scope: DataScope): LeadView {
  if (scope === 'self') return 'my';
  return scope === 'all' ? 'all' : 'team';
}

/** A view the user has: someone who sees only their own leads has no team view (it would list 我的 again). */
const viewFor = (scope: DataScope, view: unknown): LeadView =>
  view === 'my' || view === 'all' || (view === 'team' && scope !== 'self') ? view : defaultView(scope);

/** The list as last left in this tab, in a view the user has. */
function fromSaved(saved: Partial<ListState> | null, scope: DataScope): ListState {
  const state: ListState = { view: defaultView(scope), filters: {}, sort: DEFAULT_SORT, pageSize: PAGE_SIZES[0], ...saved };
  return { ...state, view: viewFor(scope, state.view) };
}

/** The list as its address says (/leads?view=team&tier=A&slaState=breached). */
function fromParams(params: URLSearchParams, scope: DataScope): ListState {
  return {
    view: viewFor(scope, params.get('view')),
    filters: leadFiltersFromParams(params),
    sort: oneOf<string>(params.get('sort'), SORTS, DEFAULT_SORT),
    pageSize: oneOf(Number(params.get('pageSize')), PAGE_SIZES, PAGE_SIZES[0]),
  };
}

/** The address of a list: its view, and its sort and page size where they are not the usual ones, then its filters. */
const addressOf = (s: ListState) => ({
  view: s.view,
  ...(s.sort !== DEFAULT_SORT ? { sort: s.sort } : {}),
  ...(s.pageSize !== PAGE_SIZES[0] ? { pageSize: String(s.pageSize) } : {}),
  ...leadFiltersToParams(s.filters),
});

export default function LeadListPage({ creating = false }: { creating?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const me = useSession();
  const [state, setState] = useListAddress<ListState>({
    storageKey: STORAGE_KEY, toParams: addressOf, paused: creating, deps: [me.dataScope],
    fromSaved: (saved) => fromSaved(saved, me.dataScope), fromParams: (params) => fromParams(params, me.dataScope),
  });

  const resetKey = JSON.stringify([state.view, state.filters, state.sort, state.pageSize]);
  const pager = useCursorStack(resetKey);
  const query = { view: state.view, ...state.filters, sort: state.sort, limit: state.pageSize, cursor: pager.cursor ?? undefined, withTotal: true };
  const list = useQuery({
    queryKey: leadKeys.list(query),
    queryFn: () => api.get<Page<Lead>>('/leads', query as never),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.items ?? [];
  const canWrite = hasPermission(me, 'leads.write');
  // Those who assign leads select rows and hand them to one rep at once; the selection is of this page's rows.
  const canAssign = hasPermission(me, 'leads.assign');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  useEffect(() => setSelected([]), [resetKey, pager.page]);
  const selectedLeads = rows.filter((l) => selected.includes(l.id));
  const hasFilters = countLeadFilters(state.filters) > 0;

  const columns: TableColumnsType<Lead> = [
    {
      key: 'name', title: t('leads.fields.name'), fixed: 'left',
      render: (_, l) => (
        <div style={{ lineHeight: 1.35 }}>
          <div><Link to={`/leads/${l.id}`} data-testid="lead-link">{l.name}</Link></div>
          <div className="baton-muted" style={{ fontSize: 12, maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis' }}>{l.company ?? ''}{l.title ? ` · ${l.title}` : ''}</div>
        </div>
      ),
    },
    { key: 'tier', title: t('leads.fields.tier'), render: (_, l) => <TierTag tier={l.tier} /> },
    { key: 'score', title: t('leads.fields.score'), render: (_, l) => <ScoreCell score={l.score} tier={l.tier} /> },
    { key: 'status', title: t('leads.fields.status'), render: (_, l) => <StatusTag status={l.status} /> },
    {
      key: 'source', title: t('leads.fields.source'),
      render: (_, l) => (
        <div style={{ lineHeight: 1.35 }}>
          <span>{sourceText(l.sourceType, l.source, lang)}</span>
          {l.channel && <div className="baton-muted" style={{ fontSize: 12 }}>{l.channel}</div>}
        </div>
      ),
    },
    {
      key: 'owner', title: t('leads.fields.owner'),
      render: (_, l) => l.ownerName ?? (l.poolName
        ? <span className="baton-muted">{t('leads.inPool', { pool: l.poolName })}</span>
        : <span className="baton-muted">{t('leads.unrouted')}</span>),
    },
    { key: 'sla', title: t('leads.fields.sla'), render: (_, l) => <SlaTag lead={l} /> },
    { key: 'createdAt', title: t('leads.fields.createdAt'), render: (_, l) => formatDateTime(l.createdAt) },
  ];

  return (
    <div>
      <div className="baton-page-title">
        <h1>{t('nav.leads')}</h1>
        <Space>
          <Select
            value={state.sort}
            onChange={(v) => setState({ sort: v })}
            options={SORTS.map((s) => ({ value: s, label: t(`leads.sorts.${s.slice(1)}`) }))}
            style={{ width: 160 }}
            data-testid="lead-sort"
          />
          {hasPermission(me, 'leads.import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/import?entity=lead')}>{t('common.import')}</Button>
          )}
          {hasPermission(me, 'leads.export') && (
            // What the list shows (view, filters, sort), every page of it.
            <ExportMenu hrefFor={(format) => apiUrl('/leads/export', { format, view: state.view, ...state.filters, sort: state.sort })} testId="lead-export" />
          )}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/leads/new')} data-testid="new-lead">
              {t('leads.new')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" styles={{ body: { padding: '4px 16px 16px' } }}>
        <Tabs
          activeKey={state.view}
          onChange={(k) => setState({ view: k as LeadView })}
          items={(me.dataScope === 'self' ? ['my', 'all'] as const : ['my', 'team', 'all'] as const).map((k) => ({ key: k, label: t(`leads.views.${k}`) }))}
          data-testid="lead-views"
        />
        <LeadFilterBar filters={state.filters} onChange={(f) => setState({ filters: f })} />
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {selectedLeads.length > 0 && (
          <Space style={{ marginBottom: 8 }} data-testid="lead-selection">
            <Typography.Text>{t('leads.selectedCount', { count: selectedLeads.length })}</Typography.Text>
            <Button type="primary" size="small" onClick={() => setBulkOpen(true)} data-testid="bulk-assign">{t('leads.bulkAssign', { count: selectedLeads.length })}</Button>
            <Button type="link" size="small" onClick={() => setSelected([])}>{t('leads.clearSelection')}</Button>
          </Space>
        )}
        <Table<Lead>
          className="baton-table"
          data-testid="lead-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          rowSelection={canAssign ? {
            selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]),
            // Closed leads (converted, invalid) go to nobody.
            getCheckboxProps: (l) => ({ disabled: l.status === 'converted' || l.status === 'invalid' }),
          } : undefined}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isPending ? ' ' : hasFilters ? (
              <EmptyState description={t('leads.emptyFiltered')} action={<Button onClick={() => setState({ filters: {} })}>{t('leads.clearFilters')}</Button>} />
            ) : (
              <EmptyState
                description={t(`leads.empty.${state.view}`)}
                action={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/leads/new')}>{t('leads.new')}</Button>}
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
        {list.data && !rows.length && pager.hasPrev && <Typography.Text type="secondary">{t('common.noMoreRows')}</Typography.Text>}
      </Card>
      <BulkAssignModal leads={selectedLeads} open={bulkOpen} onClose={(still) => { setBulkOpen(false); setSelected(still); }} />
      <LeadFormDrawer open={creating} onClose={() => navigate('/leads')} onSaved={(id) => navigate(id ? `/leads/${id}` : '/leads')} />
    </div>
  );
}
