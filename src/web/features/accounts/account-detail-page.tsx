import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { App, Breadcrumb, Button, Card, Popconfirm, Space, Tabs, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import type { Account } from '../../api/types';
import { ErrorAlert, errorMessage, NotFoundResult, PageLoading } from '../../ui/feedback';
import { hasPermission, useSession } from '../auth/session';
import { accountKeys, useAccount } from './account-api';
import { AccountContactsTab } from './account-contacts-tab';
import { DictTag, RelativeTime } from './account-format';
import { AccountFormDrawer } from './account-form-drawer';
import { AccountProfile } from './account-profile';
import { AccountTimeline } from './account-timeline';
import { MergeModal } from './merge-modal';
import { RelationshipMap } from './relationship-map';

const TABS = ['profile', 'contacts', 'relationships', 'timeline'] as const;

export default function AccountDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { message, notification } = App.useApp();
  const queryClient = useQueryClient();
  const me = useSession();
  const account = useAccount(id);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const tab = TABS.includes(params.get('tab') as never) ? params.get('tab')! : 'profile';

  if (account.isLoading) return <PageLoading />;
  if (account.isError) {
    if (isApiError(account.error, 'NOT_FOUND')) return <NotFoundResult />;
    return <ErrorAlert error={account.error} onRetry={() => void account.refetch()} />;
  }
  const a = account.data!;
  const refresh = () => queryClient.invalidateQueries({ queryKey: accountKeys.all });

  const remove = async () => {
    try {
      await api.delete(`/accounts/${a.id}`);
      // Leave the page before refreshing, so the deleted record is not fetched again (404).
      navigate('/accounts');
      setTimeout(() => {
        for (const key of [accountKeys.detail(a.id), accountKeys.contacts(a.id), accountKeys.relationships(a.id), accountKeys.timeline(a.id)]) {
          queryClient.removeQueries({ queryKey: key });
        }
        void queryClient.invalidateQueries({ queryKey: ['accounts', 'list'] });
      }, 0);
      const key = `deleted-${a.id}`;
      notification.success({
        key,
        title: t('accounts.deleted', { name: a.name }),
        duration: 8,
        actions: (
          <Button size="small" onClick={async () => {
            try {
              await api.post(`/accounts/${a.id}/restore`);
              notification.destroy(key);
              message.success(t('accounts.restored'));
              void refresh();
              navigate(`/accounts/${a.id}`);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}>{t('common.undo')}</Button>
        ),
      });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const onMerged = (mergeId: string, merged: Account) => {
    setMerging(false);
    const key = `merge-${mergeId}`;
    notification.success({
      key,
      title: t('merge.done'),
      description: t('merge.doneHint', { name: merged.name }),
      duration: 10,
      actions: (
        <Button size="small" data-testid="merge-undo" onClick={async () => {
          try {
            await api.post(`/account-merges/${mergeId}/undo`);
            notification.destroy(key);
            message.success(t('merge.undone'));
            void refresh();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}>{t('common.undo')}</Button>
      ),
    });
  };

  return (
    <div>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/accounts">{t('nav.accounts')}</Link> }, { title: a.name }]} />
      <Card size="small" styles={{ body: { padding: '16px 20px' } }} style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16, alignItems: 'flex-start' }}>
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center" style={{ display: 'flex' }}>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="account-title">{a.name}</Typography.Title>
              <DictTag dict="level" value={a.level} lang={lang} />
              <DictTag dict="segment" value={a.segment} lang={lang} />
              <DictTag dict="lifecycleStage" value={a.lifecycleStage} lang={lang} />
            </Space>
            <Space size={20} wrap style={{ display: 'flex', marginTop: 8, color: '#646a73' }}>
              <span>{t('fields.account.ownerId')}{t('common.colon')}{a.ownerName ?? '—'}</span>
              {a.csOwnerName && <span>{t('fields.account.csOwnerId')}{t('common.colon')}{a.csOwnerName}</span>}
              <span>{t('accounts.contactsCount')}{t('common.colon')}{a.contactsCount ?? 0}</span>
              {a.parentId && <span>{t('fields.account.parentId')}{t('common.colon')}<Link to={`/accounts/${a.parentId}`}>{a.parentName}</Link></span>}
              <span>{t('accounts.lastUpdated')}{t('common.colon')}<RelativeTime value={a.updatedAt} /></span>
            </Space>
          </div>
          <Space wrap>
            {hasPermission(me, 'accounts.write') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-account">{t('common.edit')}</Button>
            )}
            {hasPermission(me, 'accounts.merge') && (
              <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>{t('merge.button')}</Button>
            )}
            {hasPermission(me, 'accounts.delete') && (
              <Popconfirm title={t('accounts.confirmDelete', { name: a.name })} description={t('accounts.confirmDeleteHint')} onConfirm={() => void remove()}>
                <Button danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
              </Popconfirm>
            )}
          </Space>
        </div>
      </Card>
      <Card size="small" styles={{ body: { padding: '0 20px 20px' } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'profile' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'profile', label: t('accounts.tabs.profile'), children: <AccountProfile account={a} /> },
            { key: 'contacts', label: `${t('accounts.tabs.contacts')} ${a.contactsCount ? a.contactsCount : ''}`.trim(), children: <AccountContactsTab accountId={a.id} /> },
            { key: 'relationships', label: t('accounts.tabs.relationships'), children: <RelationshipMap accountId={a.id} /> },
            { key: 'timeline', label: t('accounts.tabs.timeline'), children: <AccountTimeline accountId={a.id} /> },
          ]}
          destroyOnHidden
        />
      </Card>
      <AccountFormDrawer open={editing} account={a} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <MergeModal open={merging} winner={a} onClose={() => setMerging(false)} onMerged={onMerged} />
    </div>
  );
}
