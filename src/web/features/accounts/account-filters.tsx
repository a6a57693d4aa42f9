import { useEffect, useState } from 'react';
import { Badge, Button, Input, Select } from 'antd';
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { INDUSTRIES, LEVELS, LIFECYCLE_STAGES, PROVINCE_LABELS, SEGMENTS, SOURCES, type DictEntry } from '../../../shared/dictionaries';
import type { CustomField } from '../../api/types';
import { bilingualSearch, useDict } from '../../ui/dict';
import { customFieldLabel, useUserOptions } from '../../ui/queries';
import { cleanFilters, countActiveFilters, type AccountFilters } from './account-api';

interface Props {
  filters: AccountFilters;
  onChange: (filters: AccountFilters) => void;
  customFields: CustomField[];
}

const MAIN_DICTS: [string, DictEntry[]][] = [['industry', INDUSTRIES], ['level', LEVELS], ['segment', SEGMENTS], ['lifecycleStage', LIFECYCLE_STAGES]];

/** The filter bar above the account table; every change goes to the server as a query parameter. */
export function AccountFilterBar({ filters, onChange, customFields }: Props) {
  const { t } = useTranslation();
  const dict = useDict();
  const users = useUserOptions();
  const [q, setQ] = useState(String(filters.q ?? ''));
  const [tag, setTag] = useState(String(filters.tag ?? ''));
  // A link that filters on a field of the second row opens with that row shown.
  const [more, setMore] = useState(() => Object.keys(cleanFilters(filters)).some((k) => ['province', 'source', 'tag'].includes(k) || k.startsWith('cf.')));
  useEffect(() => setQ(String(filters.q ?? '')), [filters.q]);
  useEffect(() => setTag(String(filters.tag ?? '')), [filters.tag]);

  const set = (key: string, value: string | string[] | undefined) => onChange({ ...filters, [key]: value });
  const selectCf = customFields.filter((f) => f.type === 'select' || f.type === 'multi_select');
  const moreKeys = ['province', 'source', 'tag', ...selectCf.map((f) => `cf.${f.key}`)];
  const moreActive = moreKeys.filter((k) => countActiveFilters({ [k]: filters[k] }) > 0).length;
  const active = countActiveFilters(filters);

  const multi = (key: string, d: DictEntry[], width = 140) => (
    <Select
      key={key}
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={t(`fields.account.${key}`)}
      value={(filters[key] as string[] | undefined) ?? []}
      onChange={(v: string[]) => set(key, v)}
      options={dict.options(d)}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width }}
      data-testid={`filter-${key}`}
    />
  );

  return (
    <>
      <div className="baton-toolbar">
        <Input
          allowClear
          prefix={<SearchOutlined className="baton-muted" />}
          placeholder={t('accounts.searchPlaceholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            if (!e.target.value) set('q', undefined);
          }}
          onPressEnter={() => set('q', q)}
          onBlur={() => q !== (filters.q ?? '') && set('q', q)}
          style={{ width: 220 }}
          data-testid="account-search"
        />
        {MAIN_DICTS.map(([k, d]) => multi(k, d, k === 'industry' ? 160 : k === 'level' ? 112 : 124))}
        <Select
          allowClear
          placeholder={t('fields.account.ownerId')}
          value={(filters.ownerId as string | undefined) ?? undefined}
          onChange={(v: string | undefined) => set('ownerId', v)}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 124 }}
          options={[
            { value: 'me', label: t('accounts.ownerMe') },
            ...(users.data ?? []).map((u) => ({ value: u.id, label: u.status === 'disabled' ? `${u.name}（${t('admin.users.disabled')}）` : u.name })),
          ]}
        />
        <Badge count={moreActive} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setMore((m) => !m)} type={more ? 'primary' : 'default'} ghost={more}>
            {t('accounts.moreFilters')}
          </Button>
        </Badge>
        {active > 0 && <Button type="link" onClick={() => onChange({})}>{t('accounts.clearFilters')}</Button>}
      </div>
      {more && (
        <div className="baton-toolbar">
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('fields.account.province')}
            value={(filters.province as string[] | undefined) ?? []}
            onChange={(v: string[]) => set('province', v)}
            options={dict.options(PROVINCE_LABELS)}
            showSearch={bilingualSearch}
            style={{ width: 180 }}
          />
          {multi('source', SOURCES)}
          <Input
            allowClear
            placeholder={t('fields.account.tags')}
            value={tag}
            onChange={(e) => {
              setTag(e.target.value);
              if (!e.target.value) set('tag', undefined);
            }}
            onPressEnter={() => set('tag', tag)}
            onBlur={() => tag !== (filters.tag ?? '') && set('tag', tag)}
            style={{ width: 140 }}
          />
          {selectCf.map((f) => (
            <Select
              key={f.id}
              allowClear
              placeholder={customFieldLabel(f, dict.lang)}
              value={(filters[`cf.${f.key}`] as string | undefined) ?? undefined}
              onChange={(v: string | undefined) => set(`cf.${f.key}`, v)}
              options={f.options.map((o) => ({ value: o, label: o }))}
              style={{ width: 150 }}
            />
          ))}
        </div>
      )}
    </>
  );
}
