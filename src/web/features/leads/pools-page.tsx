import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SearchOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { EmptyState, ErrorAlert, PageLoading } from '../../ui/feedback';
import { KeysetPager, useCursorStack } from '../../ui/keyset-pager';
import { hasPermission, useSession } from '../auth/session';
import { leadKeys, usePools } from './lead-api';
import type { ClaimRefusal } from './lead-actions';
import { pickText, ScoreCell, sourceText, StatusTag, TierTag, TIERS } from './lead-format';
import { formatDateTime } from '../../ui/time';
import type { Lead } from './lead-types';
import { useLeadAction } from './use-lead-action';
import { PoolDrawer } from './rules/pool-drawer';

/** 线索池 / 公海: pick a pool, see its waiting leads (contact details masked) and claim them. */
export default function PoolsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const pools = usePools();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [tier, setTier] = useState<string[]>([]);
  const [pageSize, setPageSize] = useState(20);
  const [refusal, setRefusal] = useState<{ name: string; refusal: ClaimRefusal } | null>(null);
  const [editing, setEditing] = useState(false);
  const poolId = params.get('pool') ?? pools.data?.[0]?.id ?? '';
  const pool = pools.data?.find((p) => p.id === poolId);
  const pager = useCursorStack(JSON.stringify([poolId, search, tier, pageSize]));
  const query = { q: search || undefined, tier, limit: pageSize, cursor: pager.cursor ?? undefined };
  const leads = useQuery({
    queryKey: leadKeys.poolLeads(poolId, query),
    queryFn: () => api.get<Page<Lead>>(`/pools/${poolId}/leads`, query),
    enabled: !!poolId,
    placeholderData: keepPreviousData,
  });

  if (pools.isLoading) return <PageLoading />;
  if (pools.isError) return <ErrorAlert error={pools.error} onRetry={() => void pools.refetch()} />;
  const canClaim = hasPermission(me, 'pools.claim');

  const columns: TableColumnsType<Lead> = [
    {
      key: 'name', title: t('leads.fields.name'),
      render: (_, l) => (
        <div style={{ lineHeight: 1.35 }}>
          <Link to={`/leads/${l.id}`}>{l.name}</Link>
          <div className="baton-muted" style={{ fontSize: 12 }}>{l.company ?? ''}</div>
        </div>
      ),
    },
    { key: 'tier', title: t('leads.fields.tier'), render: (_, l) => <TierTag tier={l.tier} /> },
    { key: 'score', title: t('leads.fields.score'), render: (_, l) => <ScoreCell score={l.score} tier={l.tier} /> },
    { key: 'status', title: t('leads.fields.status'), render: (_, l) => <StatusTag status={l.status} /> },
    { key: 'contact', title: t('leads.pools.contact'), render: (_, l) => <span className="baton-muted">{[l.mobile, l.email].filter(Boolean).join(' · ')}</span> },
    { key: 'source', title: t('leads.fields.source'), render: (_, l) => sourceText(l.sourceType, l.source, i18n.language) },
    { key: 'updatedAt', title: t('leads.pools.since'), render: (_, l) => formatDateTime(l.updatedAt) },
    { key: 'claim', title: t('common.actions'), fixed: 'right', render: (_, l) => canClaim && <ClaimButton lead={l} onRefused={(r) => setRefusal({ name: l.name, refusal: r })} /> },
  ];

  return (
    <div>
      <div className="baton-page-title">
        <Space size={12}>
          <h1>{t('nav.pools')}</h1>
          <Select
            value={poolId || undefined}
            onChange={(v) => setParams({ pool: v })}
            style={{ minWidth: 220 }}
            options={(pools.data ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.leadCount != null ? ` · ${p.leadCount}` : ''}` }))}
            placeholder={t('leads.pools.pick')}
            data-testid="pool-select"
          />
        </Space>
        {hasPermission(me, 'admin.pools')
          ? <Button icon={<SettingOutlined />} onClick={() => navigate('/lead-rules/pools')}>{t('leads.pools.manage')}</Button>
          // A pool's own admins manage that pool here (线索设置 → 线索池 is for admin.pools).
          : pool?.canManage && <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="pool-edit">{t('leads.pools.manageThis')}</Button>}
      </div>
      {!pools.data?.length ? (
        <Card><EmptyState description={t('leads.pools.none')} /></Card>
      ) : (
        <Card size="small" styles={{ body: { padding: 16 } }}>
          {pool && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {pool.isDefault && <Tag color="blue">{t('leads.pools.default')}</Tag>}
              {pool.description && <>{pool.description}<br /></>}
              {t('leads.pools.rulesSummary', {
                daily: pool.claimRules.dailyLimit ?? '∞', cool: pool.claimRules.coolDownDays ?? 0, hold: pool.holdingLimit ?? '∞',
              })}
              {pool.myRole && <Tag style={{ marginInlineStart: 8 }}>{t(`leads.pools.roles.${pool.myRole}`)}</Tag>}
            </Typography.Paragraph>
          )}
          {refusal && (
            <Alert type="warning" showIcon closable={{ onClose: () => setRefusal(null) }} style={{ marginBottom: 12 }} data-testid="claim-refusal"
              title={t('leads.pools.refusedTitle', { name: refusal.name })}
              description={pickText(refusal.refusal.message, i18n.language)} />
          )}
          <div className="baton-toolbar">
            <Input allowClear prefix={<SearchOutlined className="baton-muted" />} placeholder={t('leads.searchPlaceholder')} value={q}
              onChange={(e) => { setQ(e.target.value); if (!e.target.value) setSearch(''); }} onPressEnter={() => setSearch(q)} style={{ width: 220 }} />
            <Select mode="multiple" allowClear placeholder={t('leads.fields.tier')} value={tier} onChange={setTier} options={TIERS.map((x) => ({ value: x, label: x }))} style={{ width: 130 }} />
          </div>
          {leads.isError && <ErrorAlert error={leads.error} onRetry={() => void leads.refetch()} />}
          <Table<Lead> className="baton-table" data-testid="pool-lead-table" rowKey="id" size="small" columns={columns} dataSource={leads.data?.items ?? []}
            loading={leads.isFetching} pagination={false} scroll={{ x: 'max-content' }}
            locale={{ emptyText: leads.isPending ? ' ' : <EmptyState description={t('leads.pools.empty')} /> }} />
          <KeysetPager page={pager.page} hasPrev={pager.hasPrev} hasNext={!!leads.data?.nextCursor} onPrev={pager.prev}
            onNext={() => leads.data?.nextCursor && pager.next(leads.data.nextCursor)} pageSize={pageSize} onPageSize={setPageSize} loading={leads.isFetching} />
        </Card>
      )}
      {editing && pool && <PoolDrawer pool={pool} onClose={() => setEditing(false)} />}
    </div>
  );
}

function ClaimButton({ lead, onRefused }: { lead: Lead; onRefused: (r: ClaimRefusal) => void }) {
  const { t } = useTranslation();
  const action = useLeadAction(lead.id);
  const claim = async () => {
    const res = await action.run('claim', {}, { success: t('leads.claimed'), expected: ['CLAIM_REFUSED'] });
    if (!res.ok && isApiError(res.error, 'CLAIM_REFUSED')) onRefused(res.error.details as ClaimRefusal);
  };
  return <Button size="small" type="link" loading={action.pending} onClick={() => void claim()} data-testid="pool-claim">{t('leads.actions.claim')}</Button>;
}
