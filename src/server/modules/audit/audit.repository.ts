import { and, eq, desc, or, sql, inArray } from 'drizzle-orm';
import { jsonRecordset, type Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { Actor } from '../identity/actor.js';
import { auditLog } from './audit.schema.js';

export type Changes = Record<string, { from: unknown; to: unknown }>;

const IGNORED = new Set(['version', 'updatedAt', 'createdAt', 'nameNorm', 'mobileNorm', 'emailNorm', 'tenantId']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field difference between two versions of a record; bookkeeping columns are left out. */
export function diffChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const out: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (IGNORED.has(k)) continue;
    const from = before?.[k] ?? null;
    const to = after?.[k] ?? null;
    if (!same(from, to)) out[k] = { from, to };
  }
  return out;
}

export interface AuditEntry {
  entity: string;
  entityId: string;
  accountId?: string | null;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  changes?: Changes;
}

/**
 * Writes audit rows in the caller's transaction, so a change and its record commit together. All rows go as one
 * json parameter: an import's 1,000-row batch costs one statement, not 12,000 bound values.
 */
export async function recordAudit(db: Queryable, actor: Actor, entries: AuditEntry | AuditEntry[], at: Date = new Date()) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  const rows = list.map((e) => ({
    id: newId(), entity: e.entity, entityId: e.entityId, accountId: e.accountId ?? null, action: e.action,
    changes: e.changes ?? diffChanges(e.before ?? null, e.after ?? null),
  }));
  await db.execute(sql`
    insert into audit_log (tenant_id, id, at, actor_id, actor_name, actor_kind, entity, entity_id, account_id, action, changes, request_id)
    select ${actor.tenantId}::uuid, r.id, ${at.toISOString()}::timestamptz, ${actor.kind === 'system' ? null : actor.userId}::uuid,
      ${actor.name}, ${actor.kind}, r.entity, r."entityId", r."accountId", r.action, r.changes, ${actor.requestId ?? null}
    from ${jsonRecordset(rows)}
      as r(id uuid, entity text, "entityId" uuid, "accountId" uuid, action text, changes jsonb)`);
}

export interface AuditFilter { entity?: string; entityId?: string; actorId?: string; action?: string; from?: Date; to?: Date }

/** Audit rows newest first, keyset-paged by (at, id). */
export async function listAudit(db: Queryable, tenantId: string, f: AuditFilter, limit: number, after?: { at: string; id: string }) {
  return db.select().from(auditLog).where(and(
    eq(auditLog.tenantId, tenantId),
    f.entity ? eq(auditLog.entity, f.entity) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.from ? sql`${auditLog.at} >= ${f.from.toISOString()}` : undefined,
    f.to ? sql`${auditLog.at} < ${f.to.toISOString()}` : undefined,
    after ? sql`(${auditLog.at}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
  )).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
}

/** An account's timeline: its own changes, its contacts' and those of accounts merged into it. */
export async function listAccountTimeline(db: Queryable, tenantId: string, accountIds: string[], limit: number, after?: { at: string; id: string }) {
  return db.select().from(auditLog).where(and(
    eq(auditLog.tenantId, tenantId),
    or(inArray(auditLog.accountId, accountIds), and(eq(auditLog.entity, 'account'), inArray(auditLog.entityId, accountIds))),
    after ? sql`(${auditLog.at}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
  )).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
}

