// What an account or contact export contains: the same headers the importer recognises and dictionary
// labels instead of keys, so an exported file can be edited and imported back.
import {
  INDUSTRIES, EMPLOYEE_SIZES, LEVELS, SEGMENTS, LIFECYCLE_STAGES, SOURCES, BUYING_ROLES, STANCES, LEAD_SOURCES, LEAD_SOURCE_TYPES, type DictEntry,
} from '../../../shared/dictionaries.js';
import type { CustomFieldDef } from '../custom-fields/index.js';
import type { ExportColumn } from './exports.service.js';
import { importFieldsOf, type ImportEntity } from './imports.fields.js';

const label = (dict: DictEntry[], lang: 'zh' | 'en') => {
  const m = new Map(dict.map((e) => [e.key, e[lang]]));
  return (v: unknown) => (typeof v === 'string' ? m.get(v) ?? v : v);
};

/** A lead's UTM parameters are one object; the importer reads them as columns. */
const UTM_FIELDS: Record<string, string> = { utmSource: 'source', utmMedium: 'medium', utmCampaign: 'campaign', utmTerm: 'term', utmContent: 'content' };

/**
 * Export columns for an entity: built-in fields, then custom ones. `ownerNames` turns owner ids into names
 * (the importer resolves names and emails back to users).
 */
export function exportColumnsFor(entity: ImportEntity, defs: CustomFieldDef[], ownerNames: Map<string, string>, lang: 'zh' | 'en' = 'zh'): ExportColumn[] {
  const dicts: Record<string, DictEntry[]> = {
    industry: INDUSTRIES, employeeSize: EMPLOYEE_SIZES, level: LEVELS, segment: SEGMENTS, lifecycleStage: LIFECYCLE_STAGES,
    source: entity === 'lead' ? LEAD_SOURCES : SOURCES, sourceType: LEAD_SOURCE_TYPES, stance: STANCES,
  };
  const roles = label(BUYING_ROLES, lang);
  const columns: ExportColumn[] = [];
  for (const f of importFieldsOf(entity)) {
    if (f.key === 'firstName' || f.key === 'lastName') continue;
    const header = lang === 'zh' ? f.label : f.labelEn;
    if (f.key === 'owner') columns.push({ key: 'ownerId', header, format: (v) => (typeof v === 'string' ? ownerNames.get(v) ?? '' : '') });
    else if (f.key === 'annualRevenue') columns.push({ key: f.key, header, format: (v) => (v == null ? null : Number(v)) });
    else if (f.key === 'buyingRoles') columns.push({ key: f.key, header, format: (v) => (Array.isArray(v) ? v.map(roles) : v) });
    else if (f.key === 'isPrimary') columns.push({ key: f.key, header, format: (v) => (v ? (lang === 'zh' ? '是' : 'yes') : '') });
    else if (dicts[f.key]) columns.push({ key: f.key, header, format: label(dicts[f.key], lang) });
    else if (UTM_FIELDS[f.key]) columns.push({ key: f.key, header, format: (_v, row) => (row.utm as Record<string, string> | null)?.[UTM_FIELDS[f.key]] ?? null });
    else columns.push({ key: f.key, header });
  }
  for (const d of defs) {
    columns.push({ key: `custom.${d.key}`, header: lang === 'zh' ? d.label : d.labelEn ?? d.label,
      format: (_v, row) => (row.custom as Record<string, unknown> | null)?.[d.key] ?? null });
  }
  return columns;
}
