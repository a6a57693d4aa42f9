import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Contact, Items } from '../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../ui/feedback';
import { hasPermission, fieldAccess, useSession } from '../auth/session';
import { ContactFormModal } from '../contacts/contact-form-modal';
import { BuyingRoleTags, StanceTag } from '../contacts/contact-format';
import { accountKeys } from './account-api';

/** 联系人 tab: the people at this account and their buying roles. */
export function AccountContactsTab({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const me = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const contacts = useQuery({
    queryKey: accountKeys.contacts(accountId),
    queryFn: () => api.get<Items<Contact>>(`/accounts/${accountId}/contacts`),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/contacts/${id}`),
    onSuccess: () => {
      message.success(t('contacts.deleted'));
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const canWrite = hasPermission(me, 'contacts.write');
  const canDelete = hasPermission(me, 'contacts.delete');
  const shown = (f: string) => fieldAccess(me, 'contact', f) !== 'hidden';

  const columns: TableColumnsType<Contact> = [
    {
      key: 'name',
      title: t('fields.contact.name'),
      render: (_, c) => (
        <Space size={4}>
          <strong>{c.name}</strong>
          {c.isPrimary && <Tag color="blue">{t('contacts.primary')}</Tag>}
        </Space>
      ),
    },
    { key: 'title', title: t('fields.contact.title'), render: (_, c) => c.title },
    { key: 'department', title: t('fields.contact.department'), render: (_, c) => c.department },
    { key: 'buyingRoles', title: t('fields.contact.buyingRoles'), render: (_, c) => <BuyingRoleTags roles={c.buyingRoles} lang={lang} /> },
    { key: 'stance', title: t('fields.contact.stance'), render: (_, c) => <StanceTag stance={c.stance} lang={lang} /> },
    ...(shown('mobile') ? [{ key: 'mobile', title: t('fields.contact.mobile'), render: (_: unknown, c: Contact) => c.mobile }] : []),
    ...(shown('email') ? [{ key: 'email', title: t('fields.contact.email'), render: (_: unknown, c: Contact) => c.email }] : []),
    ...(shown('wechat') ? [{ key: 'wechat', title: t('fields.contact.wechat'), render: (_: unknown, c: Contact) => c.wechat }] : []),
    ...(canWrite || canDelete ? [{
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right' as const,
      render: (_: unknown, c: Contact) => (
        <Space size={0}>
          {canWrite && <Button type="link" size="small" onClick={() => setEditing(c)}>{t('common.edit')}</Button>}
          {canDelete && (
            <Popconfirm title={t('contacts.confirmDelete', { name: c.name })} onConfirm={() => remove.mutate(c.id)}>
              <Button type="link" size="small" danger>{t('common.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    }] : []),
  ];

  return (
    <div>
      {canWrite && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-contact">{t('contacts.new')}</Button>
        </div>
      )}
      {contacts.isError && <ErrorAlert error={contacts.error} onRetry={() => void contacts.refetch()} />}
      <Table<Contact>
        className="baton-table"
        data-testid="account-contacts"
        rowKey="id"
        size="small"
        loading={contacts.isLoading}
        columns={columns}
        dataSource={contacts.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: contacts.isLoading ? ' ' : (
            <EmptyState description={t('contacts.emptyForAccount')} action={canWrite && (
              <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('contacts.new')}</Button>
            )} />
          ),
        }}
      />
      <ContactFormModal
        open={editing !== null}
        accountId={accountId}
        contact={editing && editing !== 'new' ? editing : undefined}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
