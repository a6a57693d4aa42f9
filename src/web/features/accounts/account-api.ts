import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Account, AccountDetail, AccountMatch, Page } from '../../api/types';

/** Flat filter map as sent to GET /accounts: arrays become comma lists, custom fields use `cf.<key>`. */
export type AccountFilters = Record<string, string | string[] | undefined>;

export const DEFAULT_SORT = '-updatedAt';

export const accountKeys = {
  all: ['accounts'] as const,
  list: (params: unknown) => ['accounts', 'list', params] as const,
  detail: (id: string) => ['accounts', 'detail', id] as const,
  contacts: (id: string) => ['accounts', 'contacts', id] as const,
  relationships: (id: string) => ['accounts', 'relationships', id] as const,
  timeline: (id: string) => ['accounts', 'timeline', id] as const,
};

/** Only filters with a value; `q` is trimmed. */
export function cleanFilters(filters: AccountFilters): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v == null) continue;
    if (Array.isArray(v)) {
      if (v.length) out[k] = v;
    } else if (v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

export function countActiveFilters(filters: AccountFilters): number {
  return Object.keys(cleanFilters(filters)).length;
}

export function listAccounts(params: Record<string, string | string[] | number | boolean | undefined>) {
  return api.get<Page<Account>>('/accounts', params);
}

export function useAccount(id: string | undefined) {
  return useQuery({
    queryKey: accountKeys.detail(id ?? ''),
    queryFn: () => api.get<AccountDetail>(`/accounts/${id}`),
    enabled: !!id,
  });
}

export function findAccountDuplicates(body: { name?: string; creditCode?: string; website?: string; excludeId?: string }) {
  return api.post<{ matches: AccountMatch[] }>('/accounts/duplicates', body);
}

/** The duplicate details the server sends with a 409 ACCOUNT_DUPLICATE. */
export interface DuplicateDetails { matches: AccountMatch[]; canOverride: boolean }
