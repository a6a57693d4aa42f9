import { useState } from 'react';
import { App, Button, List, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Items } from '../../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../../ui/feedback';
import type { RoutingRule } from '../lead-types';
import { RoutePreviewPanel } from './route-preview';
import { RoutingRuleDrawer, useConditionLabel } from './routing-rule-drawer';

export const ROUTING_KEY = ['routing-rules'] as const;

/** 分配规则: first enabled rule that matches wins; reorder with the arrows. */
export function RoutingRulesTab({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ROUTING_KEY, queryFn: () => api.get<Items<RoutingRule>>('/routing-rules') });
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const conditionLabel = useConditionLabel();
  const items = rules.data?.items ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ROUTING_KEY });

  const call = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
      void refresh();
    }
  };
  const move = (index: number, delta: number) => {
    const ids = items.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id);
    void call(() => api.post('/routing-rules/reorder', { ids }));
  };
  const remove = (r: RoutingRule) => modal.confirm({
    title: t('leadRules.routing.confirmDelete', { name: r.name }),
    onOk: () => call(() => api.delete(`/routing-rules/${r.id}`)),
  });
  const ruleName = (r: RoutingRule) => (i18n.language === 'en' && r.nameEn ? r.nameEn : r.name);
  // The first enabled rule is the one that applies, so an enabled rule without conditions catches every lead and the
  // rules below it never match.
  const catchAll = items.findIndex((r) => r.isEnabled && !r.conditions.length);

  const target = (r: RoutingRule) => (r.target.kind === 'pool'
    ? <Tag color="purple">{t('leadRules.routing.toPool', { pool: r.pool?.name ?? '—' })}</Tag>
    : (
      <Space size={4} wrap>
        <Tag color="blue">{t(`leadRules.routing.strategies.${r.target.strategy}`)}</Tag>
        {r.assignedCounts.filter((c) => c.isInTeam).map((c) => (
          <Tooltip key={c.repId} title={t('leadRules.routing.assignedCount', { count: c.assigned })}>
            <Tag>{c.name ?? '—'} · {c.assigned}</Tag>
          </Tooltip>
        ))}
        {r.pool && <Tag color="purple">{t('leadRules.routing.overflow', { pool: r.pool.name ?? '—' })}</Tag>}
      </Space>
    ));

  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <div style={{ flex: '1 1 560px', minWidth: 0 }}>
        <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('leadRules.routing.hint')}
            {!canManage && <span style={{ marginInlineStart: 8 }}>{t('leadRules.readOnlyHint')}</span>}</Typography.Text>
          {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-rule">{t('leadRules.routing.new')}</Button>}
        </div>
        {rules.isError && <ErrorAlert error={rules.error} onRetry={() => void refresh()} />}
        <List
          bordered
          loading={rules.isLoading}
          dataSource={items}
          locale={{ emptyText: <EmptyState description={t('leadRules.routing.empty')} /> }}
          renderItem={(r, index) => (
            <List.Item
              data-testid="routing-rule"
              style={{ opacity: r.isEnabled ? 1 : 0.55, alignItems: 'flex-start' }}
              actions={canManage ? [
                <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label="up" />,
                <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === items.length - 1} onClick={() => move(index, 1)} aria-label="down" />,
                <Switch key="on" size="small" checked={r.isEnabled} onChange={(v) => void call(() => api.patch(`/routing-rules/${r.id}`, { isEnabled: v, version: r.version }))} />,
                <Button key="edit" size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing(r)} />,
                <Button key="del" size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(r)} />,
              ] : undefined}
            >
              <List.Item.Meta
                avatar={<Tag>{index + 1}</Tag>}
                title={<Space size={6} wrap>{ruleName(r)}
                  {catchAll >= 0 && index > catchAll && r.isEnabled && (
                    <Tooltip title={t('leadRules.routing.unreachableHint', { n: catchAll + 1, name: ruleName(items[catchAll]) })}>
                      <Tag color="warning" data-testid="rule-unreachable">{t('leadRules.routing.unreachable')}</Tag>
                    </Tooltip>
                  )}</Space>}
                description={
                  <Space orientation="vertical" size={4}>
                    <span>{r.conditions.length ? r.conditions.map(conditionLabel).join(t('leadRules.routing.and')) : t('leadRules.routing.catchAll')}</span>
                    {target(r)}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </div>
      <div style={{ flex: '0 1 360px', minWidth: 300 }}><RoutePreviewPanel /></div>
      {editing && <RoutingRuleDrawer rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
