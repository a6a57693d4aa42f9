import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { EmptyState, ErrorAlert, errorMessage } from '../../../ui/feedback';
import { leadKeys, usePools } from '../lead-api';
import type { Pool } from '../lead-types';
import { PoolDrawer } from './pool-drawer';

const days = (n: number | null) => (n == null ? '—' : n);

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
      message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<Pool> = [
    { key: 'name', title: t('leadRules.pools.name'), render: (_, p) => <Space>{p.name}{p.isDefault && <Tag color="blue">{t('leads.pools.default')}</Tag>}</Space> },
    { key: 'leads', title: t('leadRules.pools.leadCount'), align: 'right', render: (_, p) => p.leadCount ?? 0 },
    { key: 'members', title: t('leadRules.pools.memberCount'), align: 'right', render: (_, p) => p.memberCount ?? 0 },
    {
      key: 'claim', title: t('leadRules.pools.claimRules'),
      render: (_, p) => t('leadRules.pools.claimSummary', { daily: p.claimRules.dailyLimit ?? '∞', cool: days(p.claimRules.coolDownDays), hold: p.holdingLimit ?? '∞' }),
    },
    {
      key: 'recycle', title: t('leadRules.pools.recycleRules'),
      render: (_, p) => t('leadRules.pools.recycleSummary', {
        follow: days(p.recycleRules.notFollowedUpDays), won: days(p.recycleRules.notWonDays), touch: days(p.recycleRules.notFirstTouchedDays), warn: p.recycleRules.warnDaysAhead,
      }),
    },
    {
      key: 'actions', title: t('common.actions'),
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
        pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: <EmptyState description={t('leadRules.pools.empty')} /> }} />
      {editing && <PoolDrawer pool={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
