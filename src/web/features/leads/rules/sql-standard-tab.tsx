import { useState } from 'react';
import { App, Button, Card, Empty, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client';
import { ErrorAlert, errorMessage, PageLoading } from '../../../ui/feedback';
import { useUserOptions } from '../../../ui/queries';
import { hasPermission, useSession } from '../../auth/session';
import { leadKeys, useSqlStandards } from '../lead-api';
import { formatDateTime } from '../../../ui/time';
import type { SqlStandard } from '../lead-types';
import { SqlStandardEditor } from './sql-standard-editor';

const STATUS_COLORS = { draft: 'gold', active: 'green', retired: 'default' } as const;

/** The SQL standard: versions, who signed each side, and a new draft to propose. */
export function SqlStandardTab() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const me = useSession();
  const users = useUserOptions();
  const queryClient = useQueryClient();
  const standards = useSqlStandards();
  const [drafting, setDrafting] = useState(false);
  const [signing, setSigning] = useState<string | null>(null);
  const canSignM = hasPermission(me, 'sql_standard.sign_marketing');
  const canSignS = hasPermission(me, 'sql_standard.sign_sales');
  const canDraft = canSignM || canSignS || hasPermission(me, 'admin.lead_rules');
  const nameOf = (id: string | null) => (id ? users.data?.find((u) => u.id === id)?.name ?? '—' : null);

  if (standards.isLoading) return <PageLoading />;
  if (standards.isError) return <ErrorAlert error={standards.error} onRetry={() => void standards.refetch()} />;
  const items = standards.data?.items ?? [];
  const active = items.find((s) => s.status === 'active');
  const openDraft = items.find((s) => s.status === 'draft') ?? null;

  const sign = async (s: SqlStandard, side: 'marketing' | 'sales') => {
    setSigning(`${s.id}-${side}`);
    try {
      const after = await api.post<SqlStandard>(`/sql-standards/${s.id}/sign`, { side });
      message.success(after.status === 'active' ? t('leadRules.sql.activated') : t('leadRules.sql.signed'));
      void queryClient.invalidateQueries({ queryKey: leadKeys.sqlStandards });
    } catch (e) {
      // The server says which rule the sign-off broke; say that one rather than every possible cause.
      const details = isApiError(e, 'SQL_STANDARD_SIGNOFF_INVALID') ? (e.details as { reason?: string; activeVersion?: number } | undefined) : undefined;
      message.error(details?.reason ? t(`leadRules.sql.signRefused.${details.reason}`, { ...details, defaultValue: errorMessage(e) }) : errorMessage(e));
      void queryClient.invalidateQueries({ queryKey: leadKeys.sqlStandards });
    } finally {
      setSigning(null);
    }
  };

  const withdraw = async (s: SqlStandard) => {
    try {
      await api.post<SqlStandard>(`/sql-standards/${s.id}/withdraw`);
      message.success(t('leadRules.sql.withdrawn', { version: s.version }));
      void queryClient.invalidateQueries({ queryKey: leadKeys.sqlStandards });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const signature = (s: SqlStandard, side: 'marketing' | 'sales') => {
    const by = side === 'marketing' ? s.marketingSignedBy : s.salesSignedBy;
    const at = side === 'marketing' ? s.marketingSignedAt : s.salesSignedAt;
    const may = side === 'marketing' ? canSignM : canSignS;
    if (by) return <Tag icon={<CheckCircleOutlined />} color="green">{t(`leadRules.sql.${side}`)}{t('common.colon')}{nameOf(by)} · {formatDateTime(at)}</Tag>;
    if (s.status !== 'draft') return <Tag>{t(`leadRules.sql.${side}`)}{t('common.colon')}—</Tag>;
    // One person cannot sign for both sides: whoever signed one side is shown the other as waiting for a colleague.
    const signedOther = (side === 'marketing' ? s.salesSignedBy : s.marketingSignedBy) === me.user.id;
    return may && !signedOther
      ? <Button size="small" loading={signing === `${s.id}-${side}`} onClick={() => void sign(s, side)} data-testid={`sign-${side}`}>{t(`leadRules.sql.sign_${side}`)}</Button>
      : <Tag color="gold">{t(`leadRules.sql.${side}`)}{t('common.colon')}{t('leadRules.sql.waiting')}</Tag>;
  };

  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('leadRules.sql.hint')}</Typography.Text>
        {canDraft && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrafting(true)} data-testid="new-sql-draft">{t('leadRules.sql.newDraft')}</Button>}
      </div>
      {!items.length && <Empty description={t('leadRules.sql.empty')} />}
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        {items.map((s) => (
          <Card key={s.id} size="small" data-testid="sql-standard"
            title={<Space>{s.name}<Tag>v{s.version}</Tag><Tag color={STATUS_COLORS[s.status]}>{t(`leadRules.sql.status.${s.status}`)}</Tag></Space>}
            extra={(
              <Space>
                {signature(s, 'marketing')}{signature(s, 'sales')}
                {s.status === 'draft' && canDraft && (
                  <Popconfirm title={t('leadRules.sql.confirmWithdraw', { version: s.version })} onConfirm={() => withdraw(s)}>
                    <Button size="small" type="link" danger data-testid="sql-withdraw">{t('leadRules.sql.withdraw')}</Button>
                  </Popconfirm>
                )}
              </Space>
            )}>
            <List size="small" dataSource={s.items} renderItem={(i) => (
              <List.Item>
                <span>{en ? i.labelEn : i.label} {i.required && <Tag color="red">{t('leads.handOver.required')}</Tag>}</span>
                {i.hint && <span className="baton-muted">{i.hint}</span>}
              </List.Item>
            )} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('leadRules.sql.minChecked', { n: s.minChecked })}{s.activatedAt ? ` · ${t('leadRules.sql.activatedAt', { at: formatDateTime(s.activatedAt) })}` : ''}
            </Typography.Text>
          </Card>
        ))}
      </Space>
      {drafting && (
        <SqlStandardEditor
          open
          startFrom={active ?? null}
          defaultItems={standards.data?.defaultItems ?? []}
          nextVersion={(items[0]?.version ?? 0) + 1}
          openDraft={openDraft}
          onClose={() => setDrafting(false)}
        />
      )}
    </div>
  );
}
