import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES } from '../../../shared/dictionaries';
import type { Contact } from '../../api/types';
import { useDict } from '../../ui/dict';
import { EmptyState, ErrorAlert } from '../../ui/feedback';
import { KeysetPager, useCursorStack } from '../../ui/keyset-pager';
import { fieldAccess, hasPermission, useSession } from '../auth/session';
import { formatDateTime } from '../../ui/time';
import { contactKeys, listContacts } from './contact-api';
import { ContactFormModal } from './contact-form-modal';
import { BuyingRoleTags, StanceTag } from './contact-format';

export default function ContactListPage() {
  const { t } = useTranslation();
  const dict = useDict();
  const me = useSession();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [buyingRole, setBuyingRole] = useState<string | undefined>();
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<Contact | null>(null);
  const pager = useCursorStack(JSON.stringify([q, buyingRole, pageSize]));
  const params = { q: q || undefined, buyingRole, limit: pageSize, cursor: pager.cursor ?? undefined };
  const list = useQuery({ queryKey: contactKeys.list(params), queryFn: () => listContacts(params), placeholderData: keepPreviousData });
  const shown = (f: string) => fieldAccess(me, 'contact', f) !== 'hidden';
  const canWrite = hasPermission(me, 'contacts.write');
  const filtered = !!q || !!buyingRole;

  const columns: TableColumnsType<Contact> = [
    {
      key: 'name', title: t('fields.contact.name'), fixed: 'left',
      render: (_, c) => (
        <Space size={4}>
          <Link to={`/accounts/${c.accountId}?tab=contacts`}><strong>{c.name}</strong></Link>
          {c.isPrimary && <Tag color="blue">{t('contacts.primary')}</Tag>}
        </Space>
      ),
    },
    { key: 'account', title: t('fields.contact.accountId'), render: (_, c) => <Link to={`/accounts/${c.accountId}`} className="baton-link-cell">{c.accountName ?? c.accountId}</Link> },
    { key: 'title', title: t('fields.contact.title'), render: (_, c) => c.title },
    { key: 'department', title: t('fields.contact.department'), render: (_, c) => c.department },
    { key: 'buyingRoles', title: t('fields.contact.buyingRoles'), render: (_, c) => <BuyingRoleTags roles={c.buyingRoles} lang={dict.lang} /> },
    { key: 'stance', title: t('fields.contact.stance'), render: (_, c) => <StanceTag stance={c.stance} lang={dict.lang} /> },
    ...(shown('mobile') ? [{ key: 'mobile', title: t('fields.contact.mobile'), render: (_: unknown, c: Contact) => c.mobile }] : []),
    ...(shown('email') ? [{ key: 'email', title: t('fields.contact.email'), render: (_: unknown, c: Contact) => c.email }] : []),
    { key: 'updatedAt', title: t('fields.contact.updatedAt'), render: (_, c) => formatDateTime(c.updatedAt) },
    ...(canWrite ? [{
      key: 'actions', title: t('common.actions'), fixed: 'right' as const,
      render: (_: unknown, c: Contact) => <Button type="link" size="small" onClick={() => setEditing(c)}>{t('common.edit')}</Button>,
    }] : []),
  ];

  return (
    <div>
      <div className="baton-page-title"><h1>{t('nav.contacts')}</h1></div>
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <div className="baton-toolbar">
          <Input
            allowClear
            prefix={<SearchOutlined className="baton-muted" />}
            placeholder={t('contacts.searchPlaceholder')}
            value={search}
            onChange={(e) => { setSearch(e.target.value); if (!e.target.value) setQ(''); }}
            onPressEnter={() => setQ(search.trim())}
            onBlur={() => setQ(search.trim())}
            style={{ width: 260 }}
            data-testid="contact-search"
          />
          <Select allowClear placeholder={t('fields.contact.buyingRoles')} value={buyingRole} onChange={setBuyingRole}
            options={dict.options(BUYING_ROLES)} style={{ width: 150 }} />
          {filtered && <Button type="link" onClick={() => { setSearch(''); setQ(''); setBuyingRole(undefined); }}>{t('accounts.clearFilters')}</Button>}
        </div>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        <Table<Contact>
          className="baton-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isPending ? ' ' : (
              <EmptyState description={filtered ? t('contacts.emptyFiltered') : t('contacts.empty')} />
            ),
          }}
        />
        <KeysetPager
          page={pager.page}
          hasPrev={pager.hasPrev}
          hasNext={!!list.data?.nextCursor}
          onPrev={pager.prev}
          onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)}
          pageSize={pageSize}
          onPageSize={setPageSize}
          // While a newly filtered list loads (back on page 1), the old list's total would describe rows no longer shown.
          total={list.isPlaceholderData && pager.page === 1 ? undefined : list.data?.total}
          totalIsEstimate={list.data?.totalIsEstimate}
          loading={list.isFetching}
        />
      </Card>
      {editing && <ContactFormModal open accountId={editing.accountId} contact={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
