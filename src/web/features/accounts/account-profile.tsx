import { Descriptions, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../api/types';
import { customFieldLabel, useCustomFields } from '../../ui/queries';
import { fieldAccess, useSession } from '../auth/session';
import { ACCOUNT_FIELD_KEYS, formatCustomValue, renderAccountField } from './account-format';
import { formatDateTime } from '../../ui/time';

const WIDE = new Set(['name', 'notes', 'needs', 'tags']);

/** 概况: every field the role may see, custom fields included. */
export function AccountProfile({ account }: { account: AccountDetail }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const customFields = useCustomFields('account');
  const empty = <Typography.Text type="secondary">—</Typography.Text>;
  const orEmpty = (node: React.ReactNode) => (node == null || node === '' || (Array.isArray(node) && node.length === 0) ? empty : node);

  const items: DescriptionsProps['items'] = ACCOUNT_FIELD_KEYS
    .filter((k) => fieldAccess(me, 'account', k) !== 'hidden' && k in account)
    .map((k) => ({
      key: k,
      label: t(`fields.account.${k}`),
      span: WIDE.has(k) ? 'filled' as const : 1,
      children: k === 'notes' || k === 'needs'
        ? orEmpty(account[k] ? <span style={{ whiteSpace: 'pre-wrap' }}>{account[k]}</span> : null)
        : orEmpty(renderAccountField(k, account, i18n.language)),
    }));
  for (const f of customFields.data ?? []) {
    items.push({ key: `cf.${f.key}`, label: customFieldLabel(f, i18n.language), children: orEmpty(formatCustomValue(f, account.custom?.[f.key])) });
  }
  if (account.children?.length) {
    items.push({
      key: 'children',
      label: t('accounts.subsidiaries'),
      span: 'filled',
      children: account.children.map((c, i) => (
        <span key={c.id}>{i > 0 && '、'}<Link to={`/accounts/${c.id}`}>{c.name}</Link></span>
      )),
    });
  }
  items.push(
    { key: 'createdAt', label: t('fields.account.createdAt'), children: formatDateTime(account.createdAt) },
    { key: 'updatedAt', label: t('fields.account.updatedAt'), children: formatDateTime(account.updatedAt) },
  );
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
      items={items}
      styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
      data-testid="account-profile"
    />
  );
}
