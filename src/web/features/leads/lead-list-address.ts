// The lead list's filters as an address (/leads?tier=A,B&slaState=breached).
import { LEAD_SOURCES, LEAD_SOURCE_TYPES, LEAD_STATUS_LABELS, SLA_STATES, TIERS } from '../../../shared/dictionaries';
import { filtersFromParams, filtersToParams, type ParamRule } from '../../ui/list-address';
import type { LeadFilters } from './lead-api';

const SCORE: ParamRule = { kind: 'int', min: 0, max: 100 };
const RULES: Record<keyof LeadFilters, ParamRule> = {
  q: { kind: 'text', max: 200 },
  tier: { kind: 'list', values: TIERS }, status: { kind: 'list', values: LEAD_STATUS_LABELS.map((s) => s.key) },
  sourceType: { kind: 'list', values: LEAD_SOURCE_TYPES.map((s) => s.key) }, source: { kind: 'list', values: LEAD_SOURCES.map((s) => s.key) },
  channel: { kind: 'list', values: null }, noChannel: { kind: 'flag' }, duplicates: { kind: 'one', values: ['exclude', 'only'] }, slaState: { kind: 'list', values: SLA_STATES },
  scoreMin: SCORE, scoreMax: SCORE, createdFrom: { kind: 'instant' }, createdTo: { kind: 'instant' },
};

/** The filters a list address carries, keeping only values the list accepts (a reversed range is put right). */
export function leadFiltersFromParams(params: URLSearchParams): LeadFilters {
  const f = filtersFromParams(params, RULES) as LeadFilters;
  if (f.scoreMin != null && f.scoreMax != null && f.scoreMin > f.scoreMax) [f.scoreMin, f.scoreMax] = [f.scoreMax, f.scoreMin];
  if (f.createdFrom && f.createdTo && f.createdFrom > f.createdTo) [f.createdFrom, f.createdTo] = [f.createdTo, f.createdFrom];
  return f;
}

/** The filters as address parameters (the inverse of leadFiltersFromParams; empty filters are left out). */
export const leadFiltersToParams = (f: LeadFilters): Record<string, string> => filtersToParams({ ...f });

/** How many filters are set (a score or date range counts once). */
export function countLeadFilters(f: LeadFilters): number {
  const set = Object.keys(leadFiltersToParams(f)).map((k) => k.replace(/(Min|Max|From|To)$/, '').replace(/^noChannel$/, 'channel'));
  return new Set(set).size;
}
