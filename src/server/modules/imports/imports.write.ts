// Writes one batch of checked rows in one transaction: one lookup, one UPDATE, one INSERT that also writes the
// new records' audit rows, one audit INSERT for the updates. A failure leaves none of the batch behind.
import { sql } from 'drizzle-orm';
import { extractDomain } from '../../../shared/normalize.js';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import { fieldAccess, type Actor } from '../identity/index.js';
import { PROTECTED_FIELDS } from '../../../shared/dictionaries.js';
import type { CustomFieldDef } from '../custom-fields/index.js';
import type { ImportRowError, ImportRowNote } from './imports.schema.js';
import type { PreparedRow } from './imports.rows.js';
import { planBatch, type BatchPlan, type EntityRules, type RecordValues } from './imports.plan.js';
import * as repo from './imports.repository.js';

export interface WriteContext { actor: Actor; defs: CustomFieldDef[]; defaultOwnerId: string | null; createdBy: string | null }

export interface BatchOutcome { created: number; updated: number; skipped: number; errors: ImportRowError[]; notes?: ImportRowNote[] }

/** A record changed between our read and our write; the batch is retried once, reading again. */
class StaleWriteError extends Error {}

const RETRYABLE = new Set(['23505', '40001', '40P01']);

function isRetryable(err: unknown): boolean {
  if (err instanceof StaleWriteError) return true;
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if (RETRYABLE.has(String((e as { code?: unknown }).code))) return true;
  }
  return false;
}

/**
 * Runs the batch in a transaction. A unique-index rejection means another writer created the same
 * company or person between our lookup and our insert: reading again turns those rows into updates.
 */
async function withRetry<T>(deps: AppDeps, work: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction(async (tx) => {
        // pg_trgm's GIN index also answers "=", and PostgreSQL 15 prefers it for `name_norm = any(1,000 names)`:
        // 1.6 s per lookup against 16 ms on the (tenant_id, name_norm) b-tree. GIN is only reachable by bitmap scans.
        await tx.execute(sql`set local enable_bitmapscan = off`);
        return work(tx);
      });
    } catch (err) {
      if (attempt === 0 && isRetryable(err)) continue;
      throw err;
    }
  }
}

// Derived columns follow the field they come from.
const DERIVED: Record<string, string[]> = { mobile: ['mobileNorm'], email: ['emailNorm'] };

function lockedFields(actor: Actor, entity: 'account' | 'contact'): Set<string> {
  const locked = PROTECTED_FIELDS[entity].filter((f) => fieldAccess(actor, entity, f) !== 'edit');
  return new Set(locked.flatMap((f) => [f, ...(DERIVED[f] ?? [])]));
}

function requiredCustomErrors(defs: CustomFieldDef[]) {
  return (row: number, values: Record<string, unknown>): ImportRowError[] => {
    const custom = (values.custom ?? {}) as Record<string, unknown>;
    return defs.filter((d) => d.isRequired && (custom[d.key] === undefined || custom[d.key] === null)).map((d) => ({
      row, field: `custom.${d.key}`, code: 'REQUIRED', message: `custom.${d.key}: ${d.label}为必填项 / ${d.labelEn ?? d.label} is required`,
    }));
  };
}

async function writePlan(tx: Queryable, table: repo.ImportTable, ctx: WriteContext, plan: BatchPlan, now: Date) {
  const tenantId = ctx.actor.tenantId;
  const entity = table === 'accounts' ? 'account' : 'contact';
  const accountIdKey = table === 'accounts' ? 'id' : 'accountId';
  // Updates first: a row may rename a stored record and a later row reuse its old name for a new one.
  const matched = await repo.updateRecords(tx, table, tenantId, plan.updates.map((u) => ({ after: u.after, version: Number(u.before.version) })), now);
  if (matched !== plan.updates.length) throw new StaleWriteError();
  await repo.insertRecords(tx, table, tenantId, ctx.createdBy, plan.inserts, now, { actor: ctx.actor, entity, action: 'import.create', accountIdKey });
  const audit: AuditEntry[] = plan.updates.map((u) => ({
    entity, entityId: u.after.id, accountId: String(u.after[accountIdKey]), action: 'import.update', before: u.before, after: u.after,
  }));
  await recordAudit(tx, ctx.actor, audit, now);
}

const outcome = (plan: BatchPlan, extraErrors: ImportRowError[] = []): BatchOutcome =>
  ({ created: plan.created, updated: plan.updated, skipped: plan.skipped, errors: [...extraErrors, ...plan.errors] });

const withDomain = (r: RecordValues): RecordValues => ({ ...r, domain: extractDomain(r.website as string | null) });

function accountRules(ctx: WriteContext): EntityRules {
  // Rows carry nameNorm from prepareRow; stored accounts carry the name_norm they were found by.
  const keys = (v: Record<string, unknown>) => [...(v.creditCode ? [`code:${v.creditCode}`] : []), `name:${v.nameNorm}`];
  return {
    rowKeys: keys,
    recordKeys: keys,
    unionFields: new Set(['tags']),
    lockedOnUpdate: lockedFields(ctx.actor, 'account'),
    create: (v) => ({ lifecycleStage: 'prospect', tags: [], custom: {}, ownerId: ctx.defaultOwnerId, ...v, id: newId() }),
    conflict: (row) => ({ row, field: 'creditCode', code: 'DUPLICATE_CONFLICT',
      message: '信用代码和客户名称分别对应两个不同的已有客户，请核对 / the credit code and the name match two different accounts' }),
    createErrors: requiredCustomErrors(ctx.defs),
  };
}

/** Creates or updates the batch's accounts, matched by credit code or normalised name. */
export async function writeAccountBatch(deps: AppDeps, ctx: WriteContext, rows: PreparedRow[]): Promise<BatchOutcome> {
  return withRetry(deps, async (tx) => {
    const norms = [...new Set(rows.map((r) => String(r.values.nameNorm)))];
    const codes = [...new Set(rows.map((r) => r.values.creditCode).filter((c): c is string => typeof c === 'string'))];
    const existing = await repo.findAccountsByKeys(tx, ctx.actor.tenantId, norms, codes) as unknown as RecordValues[];
    const plan = planBatch(accountRules(ctx), existing, rows);
    plan.inserts = plan.inserts.map(withDomain);
    plan.updates = plan.updates.map((u) => ({ before: u.before, after: withDomain(u.after) }));
    await writePlan(tx, 'accounts', ctx, plan, deps.clock.now());
    return outcome(plan);
  });
}

const contactNameKey = (v: Record<string, unknown>) => `n:${v.accountId}:${String(v.name).trim().toLowerCase()}`;

function contactRules(ctx: WriteContext): EntityRules {
  return {
    // A contact with neither mobile nor email is the same person when the same name appears in the same account.
    rowKeys: (v) => (v.mobileNorm || v.emailNorm
      ? [...(v.mobileNorm ? [`m:${v.mobileNorm}`] : []), ...(v.emailNorm ? [`e:${v.emailNorm}`] : [])]
      : [contactNameKey(v)]),
    recordKeys: (r) => [...(r.mobileNorm ? [`m:${r.mobileNorm}`] : []), ...(r.emailNorm ? [`e:${r.emailNorm}`] : []), contactNameKey(r)],
    unionFields: new Set(['buyingRoles']),
    lockedOnUpdate: lockedFields(ctx.actor, 'contact'),
    create: (v) => ({ buyingRoles: [], isPrimary: false, custom: {}, ownerId: ctx.defaultOwnerId, ...v, id: newId() }),
    conflict: (row) => ({ row, field: 'mobile', code: 'DUPLICATE_CONFLICT',
      message: '手机号、邮箱或姓名对应多个已有联系人，请核对 / the mobile, email or name matches several contacts' }),
    createErrors: requiredCustomErrors(ctx.defs),
  };
}

/** Creates or updates the batch's contacts, linked to accounts by company name and matched by mobile or email. */
export async function writeContactBatch(deps: AppDeps, ctx: WriteContext, rows: PreparedRow[]): Promise<BatchOutcome> {
  return withRetry(deps, async (tx) => {
    const tenantId = ctx.actor.tenantId;
    const norms = [...new Set(rows.map((r) => r.accountNameNorm ?? ''))].filter(Boolean);
    const accountIds = new Map((await repo.findAccountIdsByNameNorm(tx, tenantId, norms)).map((a) => [a.nameNorm, a.id]));
    const missing: ImportRowError[] = [];
    const linked: PreparedRow[] = [];
    for (const r of rows) {
      const accountId = accountIds.get(r.accountNameNorm ?? '');
      if (accountId) linked.push({ ...r, values: { ...r.values, accountId } });
      else missing.push({ row: r.row, field: 'accountName', code: 'ACCOUNT_NOT_FOUND',
        message: `accountName: 找不到客户「${r.accountName}」，请先导入或创建该客户 / no account "${r.accountName}"; import or create it first` });
    }
    const unkeyed = linked.filter((r) => !r.values.mobileNorm && !r.values.emailNorm);
    const existing = await repo.findContactsByKeys(tx, tenantId, {
      mobiles: [...new Set(linked.map((r) => r.values.mobileNorm).filter((v): v is string => typeof v === 'string'))],
      emails: [...new Set(linked.map((r) => r.values.emailNorm).filter((v): v is string => typeof v === 'string'))],
      accountIds: [...new Set(unkeyed.map((r) => String(r.values.accountId)))],
      names: [...new Set(unkeyed.map((r) => String(r.values.name).trim().toLowerCase()))],
    }) as unknown as RecordValues[];
    const plan = planBatch(contactRules(ctx), existing, linked);
    await writePlan(tx, 'contacts', ctx, plan, deps.clock.now());
    return outcome(plan, missing);
  });
}
