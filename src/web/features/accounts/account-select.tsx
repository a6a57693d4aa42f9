import { useEffect, useState } from 'react';
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listAccounts } from './account-api';
import { useDebounced } from '../../ui/use-debounced';

interface Props {
  value?: string | null;
  onChange?: (value: string | null, label?: string) => void;
  /** Label of the current value when it is not among the search results (e.g. parent name from the record). */
  initialLabel?: string | null;
  excludeId?: string;
  placeholder?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Pick an account by typing part of its name (GET /accounts?q=). */
export function AccountSelect({ value, onChange, initialLabel, excludeId, placeholder, disabled, style, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 300);
  const [known, setKnown] = useState<Record<string, string>>({});
  const [isOpen, setIsOpen] = useState(false);
  useEffect(() => {
    if (value && initialLabel) setKnown((k) => ({ ...k, [value]: initialLabel }));
  }, [value, initialLabel]);

  const { data, isFetching } = useQuery({
    queryKey: ['accounts', 'select', q],
    queryFn: () => listAccounts({ q: q || undefined, limit: 20, sort: q ? undefined : '-updatedAt' }),
    staleTime: 30_000,
    enabled: isOpen || !!q, // nothing to fetch until someone looks
  });
  const options = (data?.items ?? []).filter((a) => a.id !== excludeId).map((a) => ({ value: a.id, label: a.name }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: known[value] ?? initialLabel ?? value });

  return (
    <Select
      {...rest}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder ?? t('accounts.searchAccount')}
      options={options}
      disabled={disabled}
      style={style}
      onOpenChange={setIsOpen}
      notFoundContent={isFetching ? <Spin size="small" /> : t('common.noMatch')}
      onChange={(v: string | undefined, option) => {
        const label = option && !Array.isArray(option) ? String(option.label) : undefined;
        if (v && label) setKnown((k) => ({ ...k, [v]: label }));
        onChange?.(v ?? null, label);
      }}
    />
  );
}
