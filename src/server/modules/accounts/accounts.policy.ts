import { inArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { maskValue } from '../../../shared/mask.js';
import { PROTECTED_FIELDS } from '../../../shared/dictionaries.js';
import { fieldAccess, listScopeUserIds, type Actor } from '../identity/index.js';

/**
 * The owners whose records the actor's data scope covers; null means every record (全部).
 * Cached on the actor object for the length of one request.
 */
export async function scopeOwnerIds(db: Queryable, actor: Actor): Promise<string[] | null> {
  if (actor.dataScope === 'all') return null;
  const cache = actor as Actor & { _scopeIds?: string[] };
  cache._scopeIds ??= await listScopeUserIds(db, actor.tenantId, actor.userId, actor.departmentId, actor.dataScope);
  return cache._scopeIds;
}

/** SQL condition: the account is owned or served (CS owner) by someone in scope. */
export function visibleCondition(ownerIds: string[] | null, owner: PgColumn, csOwner: PgColumn): SQL | undefined {
  if (ownerIds === null) return undefined;
  return or(inArray(owner, ownerIds), inArray(csOwner, ownerIds));
}

export function isVisible(ownerIds: string[] | null, row: { ownerId: string | null; csOwnerId?: string | null }): boolean {
  if (ownerIds === null) return true;
  return (row.ownerId != null && ownerIds.includes(row.ownerId)) || (row.csOwnerId != null && ownerIds.includes(row.csOwnerId));
}

type Entity = keyof typeof PROTECTED_FIELDS;

/** Removes fields the role may not see and masks those it sees masked. */
export function presentFields<T extends Record<string, unknown>>(actor: Actor, entity: Entity, row: T): T {
  return fieldPresenter(actor, entity)(row);
}

/** presentFields for many rows: the role's field rules are looked up once, not once per row and field. */
export function fieldPresenter(actor: Actor, entity: Entity): <T extends Record<string, unknown>>(row: T) => T {
  const rules = PROTECTED_FIELDS[entity].map((field) => [field, fieldAccess(actor, entity, field)] as const)
    .filter(([, access]) => access === 'hidden' || access === 'masked');
  if (!rules.length) return (row) => row;
  return (row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [field, access] of rules) {
      if (access === 'hidden') delete out[field];
      else out[field] = maskValue(field, row[field]);
    }
    return out as typeof row;
  };
}

/** Refuses a write that touches a field the role may only read (or not see). */
export function assertFieldsWritable(actor: Actor, entity: Entity, input: Record<string, unknown>) {
  const blocked = (PROTECTED_FIELDS[entity] as readonly string[]).filter((f) => input[f] !== undefined && fieldAccess(actor, entity, f) !== 'edit');
  if (blocked.length) throw new AppError('FIELD_READ_ONLY', blocked.map((f) => ({ path: f, message: 'read-only' })));
}
