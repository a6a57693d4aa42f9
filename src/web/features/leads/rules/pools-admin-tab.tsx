import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TIERS } from '../../../../shared/dictionaries';
import { api, isApiError } from '../../../api/client';
import { EmptyState, ErrorAlert, errorMessage } from '../../../ui/feedback';
import { leadKeys, usePools } from '../lead-api';
import type { Pool, RecycleRules } from '../lead-types';
import { PoolDrawer } from './pool-drawer';
import { THRESHOLDS } from './pool-rules';

/** "每日 20 条", or "每日不限" when the limit is off. */
const limitText = (t: TFunction, key: 'claimDaily' | 'claimCool' | 'claimHold', n: number | null) =>
  (n == null ? t(`leadRules.pools.${key}Off`) : t(`leadRules.pools.${key}`, { n }));
// Rule summaries wrap inside their columns (tables here keep cells on one line), so the table fits a 1280 px screen.
const wrapCell = () => ({ style: { whiteSpace: 'normal' as const } });
/**
 * One line per tier whose recycle days differ from the pool's, e.g. "A 级：未跟进 60 天". A threshold left out (or
 * undefined) follows the pool and is not shown; null switches it off for that tier.
 */
function describeTierOverrides(rules: RecycleRules, t: TFunction): string[] {
  return TIERS.flatMap((tier) => {
    const override = rules.tierOverrides?.[tier] ?? {};
    const parts = THRESHOLDS.filter((k) => override[k] !== undefined).map((k) => {
      const rule = t(`leadRules.pools.thresholdShort.${k}`);
      const n = override[k];
      return n === null ? t('leadRules.pools.thresholdOff', { rule }) : t('leadRules.pools.thresholdDays', { rule, n });
    });
    return parts.length ? [t('leadRules.pools.tierOverride', { tier, rules: parts.join(' · ') })] : [];
  });
}

/** "未跟进 30 天 · 未成交不回收 · 未首触 3 天 · 提前 3 天预警", or that nothing is recycled when every rule is off. */
function describeRecycleRules(rules: RecycleRules, t: TFunction): string {
  const on = THRESHOLDS.filter((k) => rules[k] != null);
  if (!on.length) return t('leadRules.pools.recycleNone');
  const parts = THRESHOLDS.map((k) => {
    const rule = t(`leadRules.pools.thresholdShort.${k}`);
    return rules[k] == null ? t('leadRules.pools.thresholdOff', { rule }) : t('leadRules.pools.thresholdDays', { rule, n: rules[k] });
  });
  return [...parts, t('leadRules.pools.recycleWarn', { warn: rules.warnDaysAhead })].join(' · ');
}

/** 线索池管理: pools with their claim and recycle rules, members and admins. */
export function PoolsAdminTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pools = usePools();
  const [editing, setEditing] = useState<Pool | 'new' | null>(null);

  const remove = async (p: Pool) => {
    try {
      await api.delete(`/pools/${p.id}`);
      message.success(t('common.deletedOk'));
      void queryClient.invalidateQueries({ queryKey: leadKeys.pools });
    } catch (e) {
      // Say what still uses the pool, so the admin knows what to move or edit first.
      const use = isApiError(e, 'IN_USE') ? e.details as { leads?: number; routingRules?: string[] } : null;
      if (use) {
        const parts = [
          ...(use.leads ? [t('leadRules.pools.inUseLeads', { count: use.leads })] : []),
          ...(use.routingRules?.length ? [t('leadRules.pools.inUseRules', { rules: use.routingRules.map((r) => `「${r}」`).join(t('leadRules.routing.or')) })] : []),
        ];
        message.error(t('leadRules.pools.inUse', { name: p.name, what: parts.join(t('leadRules.pools.inUseAnd')) }), 8);
      } else message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<Pool> = [
    {
      // A long name is cut with its full text on hover, so the rules and actions stay on screen.
      key: 'name', title: t('leadRules.pools.name'), width: 220,
      render: (_, p) => (
        <div style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <Typography.Text ellipsis={{ tooltip: p.name }} style={{ minWidth: 0 }}>{p.name}</Typography.Text>
          {p.isDefault && <Tag color="blue" style={{ flex: 'none' }}>{t('leads.pools.default')}</Tag>}
        </div>
      ),
    },
    { key: 'leads', title: t('leadRules.pools.leadCount'), align: 'right', width: 80, render: (_, p) => p.leadCount ?? 0 },
    { key: 'members', title: t('leadRules.pools.memberCount'), align: 'right', width: 80, render: (_, p) => p.memberCount ?? 0 },
    {
      key: 'claim', title: t('leadRules.pools.claimRules'), width: 200, onCell: wrapCell,
      render: (_, p) => [
        limitText(t, 'claimDaily', p.claimRules.dailyLimit), limitText(t, 'claimCool', p.claimRules.coolDownDays), limitText(t, 'claimHold', p.holdingLimit),
      ].join(' · '),
    },
    {
      key: 'recycle', title: t('leadRules.pools.recycleRules'), onCell: wrapCell,
      render: (_, p) => (
        <>
          {describeRecycleRules(p.recycleRules, t)}
          {describeTierOverrides(p.recycleRules, t).map((line) => <div key={line} className="baton-muted" style={{ fontSize: 12 }}>{line}</div>)}
        </>
      ),
    },
    {
      key: 'actions', title: t('common.actions'), fixed: 'right', width: 170,
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid="pool-edit">{t('common.edit')}</Button>
          <Popconfirm title={t('leadRules.pools.confirmDelete', { name: p.name })} description={t('leadRules.pools.deleteHint')} onConfirm={() => void remove(p)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('leadRules.pools.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-pool">{t('leadRules.pools.new')}</Button>
      </div>
      {pools.isError && <ErrorAlert error={pools.error} onRetry={() => void pools.refetch()} />}
      <Table<Pool> className="baton-table" rowKey="id" size="small" columns={columns} dataSource={pools.data ?? []} loading={pools.isLoading}
        pagination={false} scroll={{ x: 960 }} locale={{ emptyText: <EmptyState description={t('leadRules.pools.empty')} /> }} />
      {editing && <PoolDrawer pool={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
