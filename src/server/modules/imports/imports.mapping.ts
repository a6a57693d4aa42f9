// Header → field suggestions, and turning a spreadsheet row into field → raw text by a confirmed mapping.
import { toHalfWidth } from '../../../shared/normalize.js';
import type { CustomFieldDef } from '../custom-fields/index.js';
import { importFieldsOf, type ImportEntity } from './imports.fields.js';

/** header text → field key ('name', 'custom.budget_year'); headers left out are ignored. */
export type ImportMapping = Record<string, string>;

/** Case, width, spaces, punctuation and "required" markers do not matter: "* 客户名称（必填）" = "客户名称". */
export function normalizeHeader(h: string): string {
  return toHalfWidth(h).toLowerCase()
    .replace(/\((必填|选填|可选|required|optional)\)/g, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Suggests a field for each header a user would expect us to recognise; each field is claimed once. */
export function suggestMapping(entity: ImportEntity, headers: string[], defs: CustomFieldDef[] = []): ImportMapping {
  const strong = new Map<string, string>();
  const weak = new Map<string, string>();
  for (const f of importFieldsOf(entity)) {
    for (const a of [f.key, f.label, f.labelEn, ...f.aliases]) if (!strong.has(normalizeHeader(a))) strong.set(normalizeHeader(a), f.key);
    for (const a of f.weakAliases ?? []) weak.set(normalizeHeader(a), f.key);
  }
  const custom = new Map<string, string>();
  for (const d of defs) {
    for (const a of [d.key, d.label, d.labelEn]) if (a && !custom.has(normalizeHeader(a))) custom.set(normalizeHeader(a), `custom.${d.key}`);
  }
  const mapping: ImportMapping = {};
  const claimed = new Set<string>();
  // Strong names first across all headers, so a weak "Phone" never takes the field from a later "Mobile".
  for (const lookup of [strong, custom, weak]) {
    for (const h of headers) {
      if (h in mapping) continue;
      const field = lookup.get(normalizeHeader(h));
      if (field && !claimed.has(field)) { mapping[h] = field; claimed.add(field); }
    }
  }
  return mapping;
}

const CJK = /[\u3400-\u9fff]/;

/** HubSpot and Salesforce split names; Chinese names read 姓 then 名 with no space. */
export function combineName(first: string, last: string): string {
  if (!first || !last) return first || last;
  return CJK.test(first) && CJK.test(last) ? `${last}${first}` : `${first} ${last}`;
}

export interface ColumnPlan { fields: [field: string, columns: number[]][] }

/** Resolves a mapping to column indexes once per file; unknown headers and empty targets are dropped. */
export function planColumns(headers: string[], mapping: ImportMapping): ColumnPlan {
  const byField = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const field = mapping[h];
    if (!field) return;
    const cols = byField.get(field) ?? [];
    cols.push(i);
    byField.set(field, cols);
  });
  return { fields: [...byField.entries()] };
}

/** field → the first non-empty cell among its columns; first/last name are combined into name. */
export function readRow(plan: ColumnPlan, row: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, cols] of plan.fields) {
    for (const c of cols) {
      const v = row[c];
      if (v) { out[field] = v; break; }
    }
  }
  if (!out.name && (out.firstName || out.lastName)) out.name = combineName(out.firstName ?? '', out.lastName ?? '');
  delete out.firstName;
  delete out.lastName;
  return out;
}
