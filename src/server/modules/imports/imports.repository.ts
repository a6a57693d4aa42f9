// SQL of the import: batch lookups, multi-row writes through json(b)_to_recordset (one parameter per batch
// whatever its size), and the import_runs bookkeeping.
import { and, desc, eq, getTableColumns, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { equalsAny, type Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { accounts, contacts } from '../../db/schema.js';
import { users } from '../identity/index.js';
import { importRuns } from './imports.schema.js';
import type { RecordValues } from './imports.plan.js';
import type { Actor } from '../identity/index.js';

/** A run without the refused rows' cells, which only the error report reads. */
export type ImportRun = Omit<typeof importRuns.$inferSelect, 'headers' | 'refusedRows'>;
const { headers: _headers, refusedRows: _refusedRows, ...runColumns } = getTableColumns(importRuns);
export type AccountRecord = typeof accounts.$inferSelect;
export type ContactRecord = typeof contacts.$inferSelect;

/** Live accounts with any of these normalised names or credit codes. */
export async function findAccountsByKeys(db: Queryable, tenantId: string, nameNorms: string[], creditCodes: string[]) {
  const match = [
    nameNorms.length ? equalsAny(accounts.nameNorm, nameNorms) : undefined,
    creditCodes.length ? equalsAny(accounts.creditCode, creditCodes) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  if (!match.length) return [];
  return db.select().from(accounts).where(and(eq(accounts.tenantId, tenantId), isNull(accounts.deletedAt), or(...match)));
}

/** Live contacts matching a mobile, an email, or (for rows with neither) the same name in the same account. */
export async function findContactsByKeys(
  db: Queryable, tenantId: string, k: { mobiles: string[]; emails: string[]; accountIds: string[]; names: string[] },
) {
  const match = [
    k.mobiles.length ? equalsAny(contacts.mobileNorm, k.mobiles) : undefined,
    k.emails.length ? equalsAny(contacts.emailNorm, k.emails) : undefined,
    k.names.length ? and(equalsAny(contacts.accountId, k.accountIds, 'uuid'), equalsAny(sql`lower(${contacts.name})`, k.names)) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  if (!match.length) return [];
  return db.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), isNull(contacts.deletedAt), or(...match)));
}

/** Live accounts by normalised name, to link contacts to their company. */
export async function findAccountIdsByNameNorm(db: Queryable, tenantId: string, nameNorms: string[]) {
  if (!nameNorms.length) return [];
  return db.select({ id: accounts.id, nameNorm: accounts.nameNorm }).from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), isNull(accounts.deletedAt), equalsAny(accounts.nameNorm, nameNorms)));
}

export async function listActiveUsers(db: Queryable, tenantId: string) {
  return db.select({ id: users.id, name: users.name, email: users.email }).from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active')));
}

type Column = [json: string, column: string, type: string, from: (r: RecordValues) => unknown];
const col = (json: string, type: string, from?: (r: RecordValues) => unknown): Column =>
  [json, json.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), type, from ?? ((r) => r[json] ?? null)];

const ACCOUNT_COLUMNS: Column[] = [
  col('name', 'text'), col('nameNorm', 'text'), col('creditCode', 'text'), col('industry', 'text'), col('employeeSize', 'text'),
  col('annualRevenue', 'numeric'), col('province', 'text'), col('city', 'text'), col('website', 'text'), col('domain', 'text'),
  col('level', 'text'), col('segment', 'text'), col('lifecycleStage', 'text'), col('source', 'text'), col('ownerId', 'uuid'),
  col('tags', 'text[]', (r) => r.tags ?? []), col('notes', 'text'), col('needs', 'text'), col('custom', 'jsonb', (r) => r.custom ?? {}),
];

const CONTACT_COLUMNS: Column[] = [
  col('accountId', 'uuid'), col('name', 'text'), col('title', 'text'), col('department', 'text'), col('mobile', 'text'),
  col('mobileNorm', 'text'), col('email', 'text'), col('emailNorm', 'text'), col('wechat', 'text'),
  col('buyingRoles', 'text[]', (r) => r.buyingRoles ?? []), col('stance', 'text'), col('isPrimary', 'boolean', (r) => r.isPrimary ?? false),
  col('ownerId', 'uuid'), col('notes', 'text'), col('custom', 'jsonb', (r) => r.custom ?? {}),
];

const TABLES = { accounts: ACCOUNT_COLUMNS, contacts: CONTACT_COLUMNS } as const;
export type ImportTable = keyof typeof TABLES;

const recordJson = (columns: Column[], records: RecordValues[], extra: (r: RecordValues) => Record<string, unknown>) =>
  JSON.stringify(records.map((r) => ({ id: r.id, ...Object.fromEntries(columns.map(([json, , , from]) => [json, from(r)])), ...extra(r) })));

// json(b)_to_record(set) matches JSON keys to the column definition names, so those are the camelCase keys, quoted.
const recordsetDef = (columns: Column[], extra: string) =>
  sql.raw(`r("id" uuid, ${columns.map(([json, , type]) => `"${json}" ${type}`).join(', ')}${extra})`);

export interface CreateAudit { actor: Actor; entity: string; action: string; accountIdKey: 'id' | 'accountId' }

// Fields of a created record that its audit row leaves out: its id is the entity id, the rest are derived.
const UNAUDITED = sql.raw(`('id', 'auditId', 'nameNorm', 'mobileNorm', 'emailNorm', 'domain')`);

/**
 * One INSERT … SELECT for the whole batch, and in the same statement one audit row per record whose changes
 * ({field: {from: null, to}}, empty values left out) the database builds from the same JSON: the audit rows
 * then cost no second payload (a third of a 100k import's time when sent separately).
 */
export async function insertRecords(
  db: Queryable, table: ImportTable, tenantId: string, createdBy: string | null, records: RecordValues[], now: Date, audit: CreateAudit,
) {
  if (!records.length) return;
  const columns = TABLES[table];
  const names = sql.raw(columns.map(([, c]) => c).join(', '));
  const values = sql.raw(columns.map(([json]) => `r."${json}"`).join(', '));
  const at = now.toISOString();
  const { actor } = audit;
  await db.execute(sql`
    with src as (
      select e.obj, r.* from jsonb_array_elements(${recordJson(columns, records, () => ({ auditId: newId() }))}::jsonb) as e(obj)
      cross join lateral jsonb_to_record(e.obj) as ${recordsetDef(columns, ', "auditId" uuid')}
    ), created as (
      insert into ${sql.raw(table)} (tenant_id, id, ${names}, created_by, created_at, updated_at, version)
      select ${tenantId}::uuid, r.id, ${values}, ${createdBy}::uuid, ${at}::timestamptz, ${at}::timestamptz, 1 from src r
    )
    insert into audit_log (tenant_id, id, at, actor_id, actor_name, actor_kind, entity, entity_id, account_id, action, changes, request_id)
    select ${tenantId}::uuid, src."auditId", ${at}::timestamptz, ${actor.kind === 'system' ? null : actor.userId}::uuid, ${actor.name},
      ${actor.kind}, ${audit.entity}, src.id, src.${sql.raw(`"${audit.accountIdKey}"`)}, ${audit.action},
      (select coalesce(jsonb_object_agg(f.key, jsonb_build_object('from', null, 'to', f.value)), '{}'::jsonb) from jsonb_each(src.obj) f
        where f.key not in ${UNAUDITED} and f.value not in ('null'::jsonb, '[]'::jsonb, '{}'::jsonb)),
      ${actor.requestId ?? null}
    from src`);
}

/**
 * One UPDATE … FROM for the whole batch, each row guarded by the version it was read at; returns how many
 * rows matched, so the caller can tell a concurrent edit (fewer) and retry.
 */
export async function updateRecords(db: Queryable, table: ImportTable, tenantId: string, records: { after: RecordValues; version: number }[], now: Date) {
  if (!records.length) return 0;
  const columns = TABLES[table];
  const set = sql.raw(columns.map(([json, c]) => `${c} = r."${json}"`).join(', '));
  const versions = new Map(records.map((r) => [r.after.id, r.version]));
  const res = await db.execute(sql`
    update ${sql.raw(table)} t set ${set}, version = t.version + 1, updated_at = ${now.toISOString()}::timestamptz
    from json_to_recordset(${recordJson(columns, records.map((r) => r.after), (r) => ({ expectedVersion: versions.get(r.id) }))}::json)
      as ${recordsetDef(columns, ', "expectedVersion" integer')}
    where t.tenant_id = ${tenantId}::uuid and t.id = r.id and t.version = r."expectedVersion" and t.deleted_at is null
    returning t.id`);
  return (res as unknown as { rows: unknown[] }).rows.length;
}

export async function insertRun(db: Queryable, row: typeof importRuns.$inferInsert): Promise<ImportRun> {
  const [run] = await db.insert(importRuns).values(row).returning(runColumns);
  return run;
}

export async function updateRun(db: Queryable, tenantId: string, id: string, patch: Partial<typeof importRuns.$inferInsert>) {
  await db.update(importRuns).set(patch).where(and(eq(importRuns.tenantId, tenantId), eq(importRuns.id, id)));
}

/** Sets a run interrupted if it is still pending or running and has written nothing since `silentSince`; whether it did. */
export async function markInterrupted(db: Queryable, tenantId: string, id: string, silentSince: Date, patch: { status: string; finishedAt: Date }) {
  const rows = await db.update(importRuns).set(patch).where(and(eq(importRuns.tenantId, tenantId), eq(importRuns.id, id),
    inArray(importRuns.status, ['pending', 'running']), lt(importRuns.updatedAt, silentSince))).returning({ id: importRuns.id });
  return rows.length > 0;
}

export async function getRun(db: Queryable, tenantId: string, id: string): Promise<ImportRun | undefined> {
  const [run] = await db.select(runColumns).from(importRuns).where(and(eq(importRuns.tenantId, tenantId), eq(importRuns.id, id)));
  return run;
}

/** The file's headers and the refused rows' cells, for the error report. */
export async function getRefusedRows(db: Queryable, tenantId: string, id: string) {
  const [row] = await db.select({ headers: importRuns.headers, refusedRows: importRuns.refusedRows }).from(importRuns)
    .where(and(eq(importRuns.tenantId, tenantId), eq(importRuns.id, id)));
  return row ?? { headers: [], refusedRows: [] };
}

/** Newest runs of these entities first, without their error and note lists. */
export async function listRuns(db: Queryable, tenantId: string, limit: number, entities: string[]) {
  const { errors: _errors, notes: _notes, ...columns } = runColumns;
  return db.select(columns).from(importRuns).where(and(eq(importRuns.tenantId, tenantId), inArray(importRuns.entity, entities)))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id)).limit(limit);
}

/**
 * Refreshes planner statistics after a bulk load: PGlite has no autovacuum, so without it every later query on a
 * table that grew by an import is planned as if the table were still small.
 */
export async function analyzeTable(db: Queryable, table: ImportTable | 'leads') {
  try { await db.execute(sql.raw(`analyze ${table}`)); } catch { /* statistics are an optimisation; lacking the right to refresh them is fine */ }
}
