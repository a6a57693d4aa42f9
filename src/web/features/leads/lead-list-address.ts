// The lead list's filters as an address (/leads?tier=A,B&slaState=breached), kept apart from the API client so it can
// be tested without a browser.
import { LEAD_SOURCES, LEAD_SOURCE_TYPES, LEAD_STATUS_LABELS, SLA_STATES, TIERS } from '../../../shared/dictionaries';
import type { LeadFilters } from './lead-api';

/** The list filters that hold several values, each with the values it accepts (null: any text). */
const LIST_FILTERS: [key: 'tier' | 'status' | 'sourceType' | 'source' | 'channel' | 'slaState', values: readonly string[] | null][] = [
  ['tier', TIERS], ['status', LEAD_STATUS_LABELS.map((s) => s.key)], ['sourceType', LEAD_SOURCE_TYPES.map((s) => s.key)],
  ['source', LEAD_SOURCES.map((s) => s.key)], ['channel', null], ['slaState', SLA_STATES],
];

/**
 * The filters a list address carries (/leads?tier=A,B&slaState=breached), keeping only values the list accepts: a
 * link edited by hand or from an older version shows the leads it still can rather than an error.
 */
export function leadFiltersFromParams(params: URLSearchParams): LeadFilters {
  const f: LeadFilters = {};
  const q = params.get('q')?.trim();
  if (q) f.q = q.slice(0, 200);
  for (const [key, allowed] of LIST_FILTERS) {
    const values = (params.get(key) ?? '').split(',').map((v) => v.trim()).filter((v) => v && (!allowed || allowed.includes(v)));
    if (values.length) f[key] = [...new Set(values)];
  }
  const score = (key: string) => {
    const n = Number(params.get(key) ?? '');
    return params.get(key) && Number.isInteger(n) && n >= 0 && n <= 100 ? n : undefined;
  };
  f.scoreMin = score('scoreMin');
  f.scoreMax = score('scoreMax');
  if (f.scoreMin != null && f.scoreMax != null && f.scoreMin > f.scoreMax) [f.scoreMin, f.scoreMax] = [f.scoreMax, f.scoreMin];
  const instant = (key: string) => {
    const v = params.get(key);
    return v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined;
  };
  f.createdFrom = instant('createdFrom');
  f.createdTo = instant('createdTo');
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as LeadFilters;
}

/** The filters as address parameters (the inverse of leadFiltersFromParams; empty filters are left out). */
export function leadFiltersToParams(f: LeadFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(f)) {
    if (Array.isArray(value) ? value.length : value != null && value !== '') out[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** How many filters are set (a score or date range counts once). */
export function countLeadFilters(f: LeadFilters): number {
  const set = Object.keys(leadFiltersToParams(f)).map((k) => k.replace(/(Min|Max|From|To)$/, ''));
  return new Set(set).size;
}
