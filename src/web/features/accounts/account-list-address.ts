// The account list's filters as an address (/accounts?industry=C,I&province=广东省&cf.erp_system=金蝶).
import { INDUSTRIES, LEVELS, LIFECYCLE_STAGES, PROVINCE_LABELS, SEGMENTS, SOURCES, type DictEntry } from '../../../shared/dictionaries';
import { filtersFromParams, filtersToParams, UUID, type ParamRule } from '../../ui/list-address';
import type { AccountFilters } from './account-api';

const list = (d: DictEntry[]): ParamRule => ({ kind: 'list', values: d.map((e) => e.key) });
const TEXT: ParamRule = { kind: 'text', max: 200 };
const RULES: Record<string, ParamRule> = {
  q: TEXT, ownerId: { kind: 'text', max: 36, pattern: new RegExp(`^me$|${UUID.source}`, 'i') }, tag: { kind: 'text', max: 50 },
  industry: list(INDUSTRIES), level: list(LEVELS), segment: list(SEGMENTS), lifecycleStage: list(LIFECYCLE_STAGES),
  province: list(PROVINCE_LABELS), source: list(SOURCES),
};

/** The filters a list address carries: the known filters with values the list accepts, and custom fields (cf.<key>). */
export const accountFiltersFromParams = (params: URLSearchParams): AccountFilters =>
  filtersFromParams(params, RULES, (key) => (/^cf\.[a-z][a-z0-9_]{1,39}$/.test(key) ? TEXT : undefined)) as AccountFilters;

export const accountFiltersToParams = (f: AccountFilters): Record<string, string> => filtersToParams(f);
