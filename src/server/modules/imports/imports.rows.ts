// One spreadsheet row → a checked record (only the fields the row fills) or the reasons it cannot be imported.
import type { z } from 'zod';
import { CreateAccountInput, CreateContactInput } from '../../../shared/contracts.js';
import { normalizeCompanyName, normalizeEmail, normalizeMobile } from '../../../shared/normalize.js';
import { validateCustomValues, type CustomFieldDef } from '../custom-fields/index.js';
import type { ImportRowError, ImportRowNote } from './imports.schema.js';
import { importFieldsOf, type ImportEntity } from './imports.fields.js';
import {
  toIndustry, toEmployeeSize, toRevenue, toProvince, toLevel, toSegment, toLifecycleStage, toSource, toBuyingRole, toStance,
  splitList, toBoolean, toDate,
} from './imports.convert.js';

export interface OwnerDirectory { resolve(text: string): { id?: string; error?: 'OWNER_NOT_FOUND' | 'OWNER_AMBIGUOUS' } }

export interface RowContext { entity: Exclude<ImportEntity, 'lead'>; defs: CustomFieldDef[]; owners: OwnerDirectory }

export interface PreparedRow {
  row: number;
  /** Checked values of the fields the row fills; an empty cell is absent, so it never wipes stored data. */
  values: Record<string, unknown>;
  /** What the row's import should tell the user although the row goes in (a value left blank). */
  notes?: ImportRowNote[];
  /** Contacts: the company the row names, normalised, to find its account. */
  accountNameNorm?: string;
  accountName?: string;
}

export type RowResult = { ok: true; value: PreparedRow } | { ok: false; errors: ImportRowError[] };

const DICTS: Record<string, (v: string) => string | undefined> = {
  industry: toIndustry, employeeSize: toEmployeeSize, province: toProvince, level: toLevel, segment: toSegment,
  lifecycleStage: toLifecycleStage, source: toSource, stance: toStance,
};

const FIELDS = {
  account: new Map(importFieldsOf('account').map((f) => [f.key, f])),
  contact: new Map(importFieldsOf('contact').map((f) => [f.key, f])),
};

// Any syntactically valid id: the real account is found per batch, after every row has been checked.
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

const bilingual = (message: string) => (message.includes(' / ') ? message : `格式不正确 / ${message}`);

/** Checks one row; `raw` is field → cell text as read by the mapping. */
export function prepareRow(ctx: RowContext, row: number, raw: Record<string, string>): RowResult {
  const errors: ImportRowError[] = [];
  const fields = FIELDS[ctx.entity];
  const fail = (field: string, code: string, zh: string, en: string) => errors.push({ row, field, code, message: `${zh} / ${en}` });
  const input: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};

  for (const [field, text] of Object.entries(raw)) {
    if (field.startsWith('custom.')) { custom[field.slice(7)] = text; continue; }
    const convert = DICTS[field];
    if (convert) {
      const key = convert(text);
      if (key === undefined) fail(field, 'UNKNOWN_VALUE', `无法识别的${fields.get(field)?.label ?? field}「${text}」`, `unknown ${fields.get(field)?.labelEn.toLowerCase() ?? field} "${text}"`);
      else input[field] = key;
    } else if (field === 'annualRevenue') input[field] = toRevenue(text);
    else if (field === 'tags') input[field] = splitList(text);
    else if (field === 'buyingRoles') {
      const parts = splitList(text).map((p) => [p, toBuyingRole(p)] as const);
      const bad = parts.filter(([, k]) => !k).map(([p]) => p);
      if (bad.length) fail(field, 'UNKNOWN_VALUE', `无法识别的决策角色「${bad.join('、')}」`, `unknown buying role "${bad.join(', ')}"`);
      else input[field] = [...new Set(parts.map(([, k]) => k))];
    } else if (field === 'isPrimary') {
      const b = toBoolean(text);
      if (b === undefined) fail(field, 'UNKNOWN_VALUE', `应填写 是/否，而不是「${text}」`, `expected yes/no, got "${text}"`);
      else input[field] = b;
    } else if (field === 'owner') {
      const r = ctx.owners.resolve(text);
      if (r.id) input.ownerId = r.id;
      else if (r.error === 'OWNER_AMBIGUOUS') fail(field, r.error, `有多个用户叫「${text}」，请改填邮箱`, `several users are called "${text}"; use the email`);
      else fail(field, 'OWNER_NOT_FOUND', `找不到用户「${text}」`, `no user "${text}"`);
    } else input[field] = text;
  }

  const schema: z.ZodType = ctx.entity === 'account' ? CreateAccountInput : CreateContactInput;
  const parsed = schema.safeParse(ctx.entity === 'account' ? input : { ...input, accountId: PLACEHOLDER_ID });
  const erroredFields = new Set(errors.map((e) => e.field));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (erroredFields.has(field) || field === 'ownerId') continue;
      errors.push({ row, field, code: 'INVALID', message: bilingual(issue.message) });
    }
  }
  if (ctx.entity === 'contact' && !raw.accountName) fail('accountName', 'REQUIRED', '请填写所属客户', 'the account (company) is required');

  const hasCustom = Object.keys(custom).length > 0;
  const checked = hasCustom ? validateCustomValues(ctx.defs, convertCustom(ctx.defs, custom), { partial: true }) : { values: {}, issues: [] };
  for (const issue of checked.issues) if (!errors.some((e) => e.field === issue.path)) errors.push({ row, field: issue.path, code: 'INVALID', message: bilingual(issue.message) });

  if (errors.length || !parsed.success) return { ok: false, errors };
  const data = parsed.data as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(input)) if (key in data && data[key] !== null && data[key] !== undefined) values[key] = data[key];
  if (values.annualRevenue !== undefined) values.annualRevenue = toMoney2(String(values.annualRevenue));
  if (values.mobile !== undefined) values.mobileNorm = normalizeMobile(String(values.mobile));
  if (values.email !== undefined) values.emailNorm = normalizeEmail(String(values.email));
  if (hasCustom) {
    const customClean = Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== null && v !== undefined));
    if (Object.keys(customClean).length) values.custom = customClean;
  }
  if (ctx.entity === 'account') {
    values.nameNorm = normalizeCompanyName(String(values.name));
    if (!values.nameNorm) {
      return { ok: false, errors: [{ row, field: 'name', code: 'INVALID', message: '客户名称无效 / the account name is not a usable name' }] };
    }
    return { ok: true, value: { row, values } };
  }
  return { ok: true, value: { row, values, accountName: raw.accountName, accountNameNorm: normalizeCompanyName(raw.accountName) } };
}

/** numeric(18,2) reads back as "12.50"; writing the same form keeps a re-import from counting as a change. */
function toMoney2(v: string): string {
  const [i, f = ''] = v.split('.');
  return `${i}.${f.padEnd(2, '0')}`;
}

/** Spreadsheet text → the JSON type each custom field stores; validateCustomValues does the checking. */
function convertCustom(defs: CustomFieldDef[], raw: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const def = byKey.get(key);
    const text = String(value);
    if (!def) { out[key] = text; continue; }
    const option = (s: string) => def.options.find((o) => o.toLowerCase() === s.toLowerCase()) ?? s;
    if (def.type === 'date') out[key] = toDate(text) ?? text;
    else if (def.type === 'select') out[key] = option(text.trim());
    else if (def.type === 'multi_select') out[key] = splitList(text).map(option);
    else out[key] = text;
  }
  return out;
}

/** Owners by email or by name, from the tenant's active users. */
export function ownerDirectory(users: { id: string; name: string; email: string }[]): OwnerDirectory {
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.id]));
  const byName = new Map<string, string[]>();
  for (const u of users) byName.set(u.name.trim().toLowerCase(), [...(byName.get(u.name.trim().toLowerCase()) ?? []), u.id]);
  return {
    resolve(text) {
      const key = text.trim().toLowerCase();
      const id = byEmail.get(key);
      if (id) return { id };
      const ids = byName.get(key) ?? [];
      if (ids.length === 1) return { id: ids[0] };
      return { error: ids.length ? 'OWNER_AMBIGUOUS' : 'OWNER_NOT_FOUND' };
    },
  };
}
