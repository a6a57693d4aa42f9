import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { accountMerges, accounts, contacts, relationships } from './accounts.schema.js';
import { getAccountRow } from './accounts.repository.js';
import { getAccount, loadWritableAccount } from './accounts.service.js';

/** Profile fields a merge fills on the winner when the winner has none. */
const FILLABLE = [
  'creditCode', 'industry', 'employeeSize', 'annualRevenue', 'province', 'city', 'website', 'domain', 'level', 'segment',
  'source', 'csOwnerId', 'parentId', 'notes', 'needs',
] as const;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/**
 * Merges `loserId` into `winnerId`: contacts, relationships and subsidiaries move to the winner, empty winner
 * fields are filled from the loser, tags and custom values are combined, and the loser is retired. Undoable.
 */
export async function mergeAccounts(deps: AppDeps, actor: Actor, winnerId: string, input: { loserId: string; version: number }) {
  requirePermission(actor, 'accounts.merge');
  if (winnerId === input.loserId) throw new AppError('MERGE_INVALID', { reason: 'same_account' });
  const mergeId = newId();
  await deps.db.transaction(async (tx) => {
    const winner = await loadWritableAccount(tx, actor, winnerId);
    const loser = await loadWritableAccount(tx, actor, input.loserId);
    if (winner.version !== input.version) throw new AppError('VERSION_CONFLICT', { currentVersion: winner.version });
    const t = actor.tenantId;
    const now = deps.clock.now();

    const fill: Record<string, unknown> = {};
    const winnerBefore: Record<string, unknown> = {};
    for (const f of FILLABLE) {
      if (isEmpty(winner[f]) && !isEmpty(loser[f]) && !(f === 'parentId' && loser[f] === winnerId)) { fill[f] = loser[f]; winnerBefore[f] = winner[f]; }
    }
    const tags = [...new Set([...winner.tags, ...loser.tags])];
    if (tags.length !== winner.tags.length) { fill.tags = tags; winnerBefore.tags = winner.tags; }
    const custom = { ...loser.custom, ...Object.fromEntries(Object.entries(winner.custom).filter(([, v]) => !isEmpty(v))) };
    if (JSON.stringify(custom) !== JSON.stringify(winner.custom)) { fill.custom = custom; winnerBefore.custom = winner.custom; }

    // Retire the loser first: its credit code may move to the winner, and both may not hold it at once.
    await tx.update(accounts).set({ mergedIntoId: winnerId, deletedAt: now, updatedAt: now, version: loser.version + 1 })
      .where(and(eq(accounts.tenantId, t), eq(accounts.id, loser.id)));
    const movedContacts = await tx.update(contacts).set({ accountId: winnerId, updatedAt: now, version: sql`${contacts.version} + 1` })
      .where(and(eq(contacts.tenantId, t), eq(contacts.accountId, loser.id), isNull(contacts.deletedAt))).returning({ id: contacts.id });
    const movedRels = await tx.update(relationships).set({ accountId: winnerId })
      .where(and(eq(relationships.tenantId, t), eq(relationships.accountId, loser.id))).returning({ id: relationships.id });
    const movedChildren = await tx.update(accounts).set({ parentId: winnerId, updatedAt: now, version: sql`${accounts.version} + 1` })
      .where(and(eq(accounts.tenantId, t), eq(accounts.parentId, loser.id), isNull(accounts.deletedAt), sql`${accounts.id} <> ${winnerId}`))
      .returning({ id: accounts.id });
    await tx.update(accounts).set({ ...fill, updatedAt: now, version: winner.version + 1 })
      .where(and(eq(accounts.tenantId, t), eq(accounts.id, winnerId)));
    await tx.insert(accountMerges).values({
      tenantId: t, id: mergeId, winnerId, loserId: loser.id, movedContactIds: movedContacts.map((r) => r.id),
      movedRelationshipIds: movedRels.map((r) => r.id), movedChildIds: movedChildren.map((r) => r.id),
      winnerBefore, mergedBy: actor.kind === 'system' ? null : actor.userId, mergedAt: now,
    });
    const filled = Object.fromEntries(Object.keys(fill).map((k) => [k, { from: winnerBefore[k] ?? null, to: fill[k] }]));
    await recordAudit(tx, actor, [
      { entity: 'account', entityId: winnerId, accountId: winnerId, action: 'merge', changes: { mergedFrom: { from: null, to: { id: loser.id, name: loser.name, mergeId } }, ...filled } },
      { entity: 'account', entityId: loser.id, accountId: loser.id, action: 'merged_into', changes: { mergedInto: { from: null, to: { id: winnerId, name: winner.name, mergeId } } } },
    ], now);
  });
  return { mergeId, account: await getAccount(deps, actor, winnerId) };
}

/** Reverses a merge: the loser returns with the contacts, relationships and subsidiaries that moved, and filled fields are cleared again. */
export async function undoMerge(deps: AppDeps, actor: Actor, mergeId: string) {
  requirePermission(actor, 'accounts.merge');
  const t = actor.tenantId;
  const merge = await deps.db.transaction(async (tx) => {
    const [m] = await tx.select().from(accountMerges).where(and(eq(accountMerges.tenantId, t), eq(accountMerges.id, mergeId))).for('update');
    if (!m) throw new AppError('NOT_FOUND');
    if (m.undoneAt) throw new AppError('MERGE_UNDO_INVALID', { reason: 'already_undone' });
    const winner = await loadWritableAccount(tx, actor, m.winnerId);
    const loser = await getAccountRow(tx, t, m.loserId, true);
    if (!loser || loser.mergedIntoId !== m.winnerId) throw new AppError('MERGE_UNDO_INVALID', { reason: 'loser_changed' });
    const now = deps.clock.now();

    // Put back only what still holds the merged value; a later edit by someone wins over the undo.
    const restore: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m.winnerBefore)) {
      if (k === 'tags') restore.tags = winner.tags.filter((tag) => (v as string[]).includes(tag) || !loser.tags.includes(tag));
      else if (k === 'custom') restore.custom = v;
      else if (JSON.stringify(winner[k as keyof typeof winner]) === JSON.stringify(loser[k as keyof typeof loser])) restore[k] = v;
    }
    await tx.update(accounts).set({ ...restore, updatedAt: now, version: winner.version + 1 }).where(and(eq(accounts.tenantId, t), eq(accounts.id, winner.id)));
    await tx.update(accounts).set({ mergedIntoId: null, deletedAt: null, updatedAt: now, version: loser.version + 1 })
      .where(and(eq(accounts.tenantId, t), eq(accounts.id, loser.id)));
    if (m.movedContactIds.length) {
      await tx.update(contacts).set({ accountId: loser.id, updatedAt: now, version: sql`${contacts.version} + 1` })
        .where(and(eq(contacts.tenantId, t), inArray(contacts.id, m.movedContactIds), eq(contacts.accountId, winner.id)));
    }
    if (m.movedRelationshipIds.length) {
      await tx.update(relationships).set({ accountId: loser.id })
        .where(and(eq(relationships.tenantId, t), inArray(relationships.id, m.movedRelationshipIds), eq(relationships.accountId, winner.id)));
    }
    if (m.movedChildIds.length) {
      await tx.update(accounts).set({ parentId: loser.id, updatedAt: now, version: sql`${accounts.version} + 1` })
        .where(and(eq(accounts.tenantId, t), inArray(accounts.id, m.movedChildIds), eq(accounts.parentId, winner.id)));
    }
    await tx.update(accountMerges).set({ undoneAt: now, undoneBy: actor.kind === 'system' ? null : actor.userId })
      .where(and(eq(accountMerges.tenantId, t), eq(accountMerges.id, mergeId)));
    await recordAudit(tx, actor, [
      { entity: 'account', entityId: winner.id, accountId: winner.id, action: 'unmerge', changes: { mergedFrom: { from: { id: loser.id, name: loser.name, mergeId }, to: null } } },
      { entity: 'account', entityId: loser.id, accountId: loser.id, action: 'unmerge', changes: { mergedInto: { from: { id: winner.id, name: winner.name, mergeId }, to: null } } },
    ], now);
    return m;
  });
  return { account: await getAccount(deps, actor, merge.loserId) };
}
