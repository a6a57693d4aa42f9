import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor, timeCursor, type Page } from '../../http/pagination.js';
import type { CreateAccountInput, UpdateAccountInput } from '../../../shared/contracts.js';
import { normalizeCompanyName } from '../../../shared/normalize.js';
import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { cleanCustomValues } from '../custom-fields/index.js';
import { requirePermission, users, type Actor } from '../identity/index.js';
import { accounts } from './accounts.schema.js';
import * as repo from './accounts.repository.js';
import { assertFieldsWritable, fieldPresenter, isVisible, presentFields, scopeOwnerIds, visibleCondition } from './accounts.policy.js';
import { accountDedupeKeys, assertNoAccountDuplicate } from './dedupe.service.js';

export type AccountListQuery = Omit<repo.AccountFilter, 'visible' | 'qNorm'> & {
  sort: repo.AccountSortKey; direction: 'asc' | 'desc'; limit: number; cursor?: string; withTotal?: boolean;
};

const TOTAL_CAP = 10_000;
const cursorShapes = {
  time: timeCursor,
  text: z.tuple([z.string().max(300), z.uuid()]),
  number: z.tuple([z.string().regex(/^-?\d+(\.\d+)?$/), z.uuid()]),
} as const;

export const presentAccount = (actor: Actor, row: repo.AccountView) => presentFields(actor, 'account', row);

/** Turns an API filter into repository terms, with the actor's data scope applied. */
export async function resolveAccountFilter(db: Queryable, actor: Actor, f: Omit<repo.AccountFilter, 'visible' | 'qNorm'>): Promise<repo.AccountFilter> {
  const scope = await scopeOwnerIds(db, actor);
  return {
    ...f,
    qNorm: f.q ? normalizeCompanyName(f.q) : undefined,
    ownerId: f.ownerId?.map((id) => (id === 'me' ? actor.userId : id)),
    visible: visibleCondition(scope, accounts.ownerId, accounts.csOwnerId),
  };
}

/** Lists the accounts the actor may see, one keyset page at a time. */
export async function listAccountsPage(deps: AppDeps, actor: Actor, q: AccountListQuery): Promise<Page<repo.AccountView>> {
  requirePermission(actor, 'accounts.read');
  const { sort, direction, limit, cursor, withTotal, ...f } = q;
  const after = decodeCursor(cursor, cursorShapes[repo.ACCOUNT_SORTS[sort].kind]) as [unknown, string] | undefined;
  const filter = await resolveAccountFilter(deps.db, actor, f);
  const rows = await repo.listAccounts(deps.db, actor.tenantId, filter, sort, direction, limit + 1, after);
  const hasMore = rows.length > limit;
  const items = (hasMore ? rows.slice(0, limit) : rows) as repo.AccountView[];
  const last = items[items.length - 1];
  const present = fieldPresenter(actor, 'account');
  const page: Page<repo.AccountView> = {
    items: items.map((r) => present(r)),
    nextCursor: hasMore ? encodeCursor([sortValue(last, sort), last.id]) : null,
  };
  if (withTotal) {
    const n = await repo.countAccounts(deps.db, actor.tenantId, filter, TOTAL_CAP);
    page.total = Math.min(n, TOTAL_CAP);
    page.totalIsEstimate = n > TOTAL_CAP;
  }
  return page;
}

function sortValue(row: repo.AccountView, sort: repo.AccountSortKey): unknown {
  if (sort === 'annualRevenue') return row.annualRevenue ?? '-1';
  const v = row[sort];
  return v instanceof Date ? v.toISOString() : v;
}

/** A visible account, or NOT_FOUND (an invisible account is indistinguishable from a missing one). */
export async function getAccount(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'accounts.read');
  const row = await repo.getAccountView(deps.db, actor.tenantId, id);
  if (!row || !isVisible(await scopeOwnerIds(deps.db, actor), row)) throw new AppError('NOT_FOUND');
  const [contactsCount, children] = await Promise.all([
    repo.countContacts(deps.db, actor.tenantId, id), repo.listChildren(deps.db, actor.tenantId, id),
  ]);
  return { ...presentAccount(actor, row), contactsCount, children };
}

/** Loads an account row for a write: it must exist, be live and be within the actor's scope. */
export async function loadWritableAccount(db: Queryable, actor: Actor, id: string) {
  const row = await repo.getAccountRow(db, actor.tenantId, id, true);
  if (!row || row.deletedAt || !isVisible(await scopeOwnerIds(db, actor), row)) throw new AppError('NOT_FOUND');
  return row;
}

async function assertAssignable(db: Queryable, actor: Actor, field: 'ownerId' | 'csOwnerId', userId: string | null | undefined) {
  if (!userId) return;
  const [u] = await db.select({ status: users.status }).from(users).where(and(eq(users.tenantId, actor.tenantId), eq(users.id, userId)));
  if (!u || u.status !== 'active') throw new AppError('VALIDATION_FAILED', [{ path: field, message: '负责人不存在或已停用 / user not found or disabled' }]);
  const scope = await scopeOwnerIds(db, actor);
  // Assigning outside one's scope would hand a record to someone whose work the actor cannot see.
  if (field === 'ownerId' && scope && !scope.includes(userId)) throw new AppError('FORBIDDEN', { field });
}

async function assertParent(db: Queryable, actor: Actor, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId) throw new AppError('VALIDATION_FAILED', [{ path: 'parentId', message: '上级公司不能是自己 / cannot be its own parent' }]);
  const p = await repo.getAccountRow(db, actor.tenantId, parentId);
  if (!p || p.deletedAt) throw new AppError('VALIDATION_FAILED', [{ path: 'parentId', message: '上级公司不存在 / parent account not found' }]);
  // Walk up from the new parent: meeting ourselves would close a loop 集团→子公司→集团.
  let cursor: string | null = p.parentId;
  for (let depth = 0; cursor && depth < 20; depth++) {
    if (cursor === selfId) throw new AppError('VALIDATION_FAILED', [{ path: 'parentId', message: '集团层级不能成环 / group hierarchy cannot loop' }]);
    cursor = (await repo.getAccountRow(db, actor.tenantId, cursor))?.parentId ?? null;
  }
}

/** Creates an account after 查重; returns it as the actor sees it. */
export async function createAccount(deps: AppDeps, actor: Actor, input: CreateAccountInput) {
  requirePermission(actor, 'accounts.write');
  const { allowSimilar, ...fields } = input;
  assertFieldsWritable(actor, 'account', fields);
  const id = newId();
  await deps.db.transaction(async (tx) => {
    const custom = await cleanCustomValues(tx, actor.tenantId, 'account', fields.custom);
    const ownerId = fields.ownerId === undefined ? actor.userId : fields.ownerId;
    await assertAssignable(tx, actor, 'ownerId', ownerId);
    await assertAssignable(tx, actor, 'csOwnerId', fields.csOwnerId);
    await assertParent(tx, actor, fields.parentId);
    await assertNoAccountDuplicate(tx, actor, fields, allowSimilar);
    const keys = accountDedupeKeys(fields);
    const now = deps.clock.now();
    const [row] = await tx.insert(accounts).values({
      ...fields, custom, ownerId, tenantId: actor.tenantId, id, nameNorm: keys.nameNorm!, creditCode: keys.creditCode, domain: keys.domain,
      createdBy: actor.kind === 'system' ? null : actor.userId, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    // A concurrent create of the same company won the unique index between our check and our insert.
    if (!row) throw new AppError('ACCOUNT_DUPLICATE', { matches: [], canOverride: false });
    await recordAudit(tx, actor, { entity: 'account', entityId: id, accountId: id, action: 'create', after: row }, now);
  });
  return getAccount(deps, actor, id);
}

/** Edits an account at the version the client saw; changes to name, credit code or website are re-checked for duplicates. */
export async function updateAccount(deps: AppDeps, actor: Actor, id: string, input: UpdateAccountInput) {
  requirePermission(actor, 'accounts.write');
  const { version, allowSimilar = false, ...sent } = input;
  await deps.db.transaction(async (tx) => {
    const before = await loadWritableAccount(tx, actor, id);
    const fields = changedFields(presentFields(actor, 'account', before as unknown as Record<string, unknown>), sent);
    assertFieldsWritable(actor, 'account', fields);
    if (before.version !== version) throw new AppError('VERSION_CONFLICT', { currentVersion: before.version });
    const set: Partial<typeof accounts.$inferInsert> = { ...fields };
    if (fields.custom) set.custom = { ...before.custom, ...(await cleanCustomValues(tx, actor.tenantId, 'account', fields.custom, true)) };
    if (fields.ownerId !== undefined && fields.ownerId !== before.ownerId) await assertAssignable(tx, actor, 'ownerId', fields.ownerId);
    if (fields.csOwnerId !== undefined && fields.csOwnerId !== before.csOwnerId) await assertAssignable(tx, actor, 'csOwnerId', fields.csOwnerId);
    if (fields.parentId !== undefined && fields.parentId !== before.parentId) await assertParent(tx, actor, fields.parentId, id);
    const next = {
      name: fields.name ?? before.name,
      creditCode: fields.creditCode === undefined ? before.creditCode : fields.creditCode,
      website: fields.website === undefined ? before.website : fields.website,
    };
    const keys = accountDedupeKeys(next);
    if (keys.nameNorm !== before.nameNorm || keys.creditCode !== before.creditCode || keys.domain !== before.domain) {
      await assertNoAccountDuplicate(tx, actor, next, allowSimilar, id);
    }
    const now = deps.clock.now();
    const row = await updateVersioned(tx, accounts, actor.tenantId, id, version, {
      ...set, nameNorm: keys.nameNorm!, creditCode: keys.creditCode, domain: keys.domain, updatedAt: now,
    });
    await recordAudit(tx, actor, { entity: 'account', entityId: id, accountId: id, action: 'update', before, after: row }, now);
  });
  return getAccount(deps, actor, id);
}

/**
 * The fields that differ from what the actor was shown. A form sends masked and read-only values back as it
 * received them; those are not changes, and must never be written (a masked mobile would overwrite the real one).
 */
export function changedFields<T extends Record<string, unknown>>(shown: Record<string, unknown>, fields: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined && JSON.stringify(shown[k] ?? null) !== JSON.stringify(v ?? null)) out[k] = v;
  }
  return out as Partial<T>;
}

/** Soft-deletes an account; restoreAccount undoes it. */
export async function deleteAccount(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'accounts.delete');
  await deps.db.transaction(async (tx) => {
    const before = await loadWritableAccount(tx, actor, id);
    const now = deps.clock.now();
    await tx.update(accounts).set({ deletedAt: now, updatedAt: now, version: before.version + 1 })
      .where(and(eq(accounts.tenantId, actor.tenantId), eq(accounts.id, id)));
    await recordAudit(tx, actor, { entity: 'account', entityId: id, accountId: id, action: 'delete', changes: { deletedAt: { from: null, to: now } } }, now);
  });
}

export async function restoreAccount(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'accounts.delete');
  await deps.db.transaction(async (tx) => {
    const row = await repo.getAccountRow(tx, actor.tenantId, id, true);
    if (!row || !row.deletedAt || row.mergedIntoId || !isVisible(await scopeOwnerIds(tx, actor), row)) throw new AppError('NOT_FOUND');
    // While it was deleted another account may have taken its name or credit code.
    await assertNoAccountDuplicate(tx, actor, { name: row.name, creditCode: row.creditCode, website: row.website }, true, id);
    const now = deps.clock.now();
    await tx.update(accounts).set({ deletedAt: null, updatedAt: now, version: row.version + 1 })
      .where(and(eq(accounts.tenantId, actor.tenantId), eq(accounts.id, id), isNull(accounts.mergedIntoId)));
    await recordAudit(tx, actor, { entity: 'account', entityId: id, accountId: id, action: 'restore', changes: { deletedAt: { from: row.deletedAt, to: null } } }, now);
  });
  return getAccount(deps, actor, id);
}
