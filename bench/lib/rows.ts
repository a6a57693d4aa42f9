// Generated accounts and contacts as table rows, normalised exactly as the app stores them, and as the CSV
// text PostgreSQL's COPY reads. Ids are fixed once per run so both databases load the same rows.
import { extractDomain, normalizeCompanyName, normalizeCreditCode, normalizeEmail, normalizeMobile } from '../../src/shared/normalize.js';
import { newId } from '../../src/server/db/ids.js';
import { mix32 } from '../data/random.js';
import type { GeneratedAccount, GeneratedContact } from '../data/generate.js';

export interface Owners { tenantId: string; adminId: string; repIds: string[] }

export const ACCOUNT_COPY_COLUMNS = [
  'tenant_id', 'id', 'name', 'name_norm', 'credit_code', 'industry', 'employee_size', 'annual_revenue', 'province', 'city',
  'website', 'domain', 'level', 'segment', 'lifecycle_stage', 'source', 'owner_id', 'tags', 'notes', 'needs',
  'created_by', 'created_at', 'updated_at',
] as const;

export const CONTACT_COPY_COLUMNS = [
  'tenant_id', 'id', 'account_id', 'name', 'title', 'department', 'mobile', 'mobile_norm', 'email', 'email_norm', 'wechat',
  'buying_roles', 'stance', 'is_primary', 'owner_id', 'created_by', 'created_at', 'updated_at',
] as const;

type Cell = string | number | boolean | null | readonly string[];

/** A text[] literal: every element quoted, so commas and braces in a tag stay inside it. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

// COPY's CSV reads an unquoted empty field as NULL and a quoted one as the empty string, so every value is quoted.
function csvCell(value: Cell): string {
  if (value == null) return '';
  const text = typeof value === 'string' ? value : Array.isArray(value) ? arrayLiteral(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCopyCsv(rows: readonly Cell[][]): string {
  let out = '';
  for (const row of rows) out += `${row.map(csvCell).join(',')}\n`;
  return out;
}

// Created over the two years before this date, updated some days later: a list sorted by -updatedAt then
// walks a realistic spread rather than one instant. Fixed, so the same seed gives the same timestamps.
const EPOCH = Date.UTC(2025, 5, 1);
const DAY = 86_400_000;

function timesFor(i: number, salt: number): { createdAt: string; updatedAt: string } {
  const h = mix32(i ^ salt);
  const created = EPOCH - (h % (730 * DAY / 1000)) * 1000;
  const updated = Math.min(EPOCH, created + (mix32(h) % (120 * DAY / 1000)) * 1000);
  return { createdAt: new Date(created).toISOString(), updatedAt: new Date(updated).toISOString() };
}

/** About one account in twelve sits unowned in the public pool; the rest spread over the reps. */
export function ownerFor(owners: Owners, i: number): string | null {
  const h = mix32(Math.imul(i + 1, 0x9e3779b1));
  return h % 12 === 0 ? null : owners.repIds[h % owners.repIds.length];
}

export function accountRow(owners: Owners, id: string, i: number, a: GeneratedAccount): Cell[] {
  const { createdAt, updatedAt } = timesFor(i, 0x5bd1e995);
  return [
    owners.tenantId, id, a.name, normalizeCompanyName(a.name), normalizeCreditCode(a.creditCode), a.industry, a.employeeSize,
    a.annualRevenue, a.province, a.city, a.website, extractDomain(a.website), a.level, a.segment, a.lifecycleStage, a.source,
    ownerFor(owners, i), a.tags, a.notes, a.needs, owners.adminId, createdAt, updatedAt,
  ];
}

export function contactRow(owners: Owners, id: string, accountId: string, accountIndex: number, j: number, c: GeneratedContact): Cell[] {
  const { createdAt, updatedAt } = timesFor(j, 0x27d4eb2f);
  return [
    owners.tenantId, id, accountId, c.name, c.title, c.department, c.mobile, normalizeMobile(c.mobile), c.email, normalizeEmail(c.email),
    c.wechat, c.buyingRoles, c.stance, c.isPrimary, ownerFor(owners, accountIndex), owners.adminId, createdAt, updatedAt,
  ];
}

/** The whole dataset in memory with ids, so each database gets the same rows. */
export interface Dataset {
  accounts: GeneratedAccount[];
  accountIds: string[];
  contacts: GeneratedContact[];
  contactIds: string[];
  /** contactAccount[j] is the index of contact j's account. */
  contactAccount: number[];
}

export function assignIds(accounts: GeneratedAccount[], contacts: GeneratedContact[], contactAccount: number[]): Dataset {
  return { accounts, accountIds: accounts.map(() => newId()), contacts, contactIds: contacts.map(() => newId()), contactAccount };
}

export function accountsCsv(owners: Owners, d: Dataset, indexOffset = 0): string {
  return toCopyCsv(d.accounts.map((a, i) => accountRow(owners, d.accountIds[i], i + indexOffset, a)));
}

export function contactsCsv(owners: Owners, d: Dataset): string {
  return toCopyCsv(d.contacts.map((c, j) => contactRow(owners, d.contactIds[j], d.accountIds[d.contactAccount[j]], d.contactAccount[j], j, c)));
}
