import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Items } from '../../api/types';
import type { LeadDetail, Pool, SqlStandard, SqlStandardItem } from './lead-types';

export type LeadView = 'my' | 'team' | 'all';

/** The list filters as sent to GET /leads (arrays become comma lists). */
export interface LeadFilters {
  q?: string;
  tier?: string[];
  status?: string[];
  sourceType?: string[];
  source?: string[];
  channel?: string[];
  /** Leads with no channel (beside `channel`: either). */
  noChannel?: boolean;
  /** Leave out leads recorded as another's repeat (as the report counts), or list only those. */
  duplicates?: 'exclude' | 'only';
  slaState?: string[];
  scoreMin?: number;
  scoreMax?: number;
  /** Created at or after this instant (ISO). */
  createdFrom?: string;
  /** Created before this instant (ISO, exclusive). */
  createdTo?: string;
}

export const leadKeys = {
  all: ['leads'] as const,
  list: (params: object) => ['leads', 'list', params] as const,
  detail: (id: string) => ['leads', 'detail', id] as const,
  pools: ['pools'] as const,
  poolLeads: (poolId: string, params: object) => ['pools', poolId, 'leads', params] as const,
  sqlStandards: ['sql-standards'] as const,
};

export function useLead(id: string) {
  return useQuery({ queryKey: leadKeys.detail(id), queryFn: () => api.get<LeadDetail>(`/leads/${id}`), enabled: !!id });
}

export function usePools(enabled = true) {
  return useQuery({ queryKey: leadKeys.pools, queryFn: () => api.get<Items<Pool>>('/pools'), select: (d) => d.items, enabled, staleTime: 30_000 });
}

export function useSqlStandards() {
  return useQuery({
    queryKey: leadKeys.sqlStandards,
    queryFn: () => api.get<{ items: SqlStandard[]; defaultItems: SqlStandardItem[] }>('/sql-standards'),
    staleTime: 30_000,
  });
}
