import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import type { CreateRelationshipInput } from '../../../shared/contracts.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, users, type Actor } from '../identity/index.js';
import { contacts, relationships } from './accounts.schema.js';
import { getAccount, loadWritableAccount } from './accounts.service.js';

/** The relationship map: the account's contacts with their buying roles, and which of our people know whom. */
export async function getRelationshipMap(deps: AppDeps, actor: Actor, accountId: string) {
  await getAccount(deps, actor, accountId);
  const t = actor.tenantId;
  const [people, links] = await Promise.all([
    deps.db.select({ id: contacts.id, name: contacts.name, title: contacts.title, buyingRoles: contacts.buyingRoles, stance: contacts.stance })
      .from(contacts).where(and(eq(contacts.tenantId, t), eq(contacts.accountId, accountId), isNull(contacts.deletedAt))).orderBy(asc(contacts.createdAt)),
    deps.db.select({ id: relationships.id, userId: relationships.userId, contactId: relationships.contactId, strength: relationships.strength, notes: relationships.notes })
      .from(relationships).where(and(eq(relationships.tenantId, t), eq(relationships.accountId, accountId))),
  ]);
  const userIds = [...new Set(links.map((l) => l.userId))];
  const ours = userIds.length
    ? await deps.db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.tenantId, t), inArray(users.id, userIds)))
    : [];
  return { contacts: people, users: ours, links };
}

export async function createRelationship(deps: AppDeps, actor: Actor, input: z.infer<typeof CreateRelationshipInput>) {
  requirePermission(actor, 'contacts.write');
  const t = actor.tenantId;
  return deps.db.transaction(async (tx) => {
    const [contact] = await tx.select({ accountId: contacts.accountId }).from(contacts)
      .where(and(eq(contacts.tenantId, t), eq(contacts.id, input.contactId), isNull(contacts.deletedAt)));
    if (!contact) throw new AppError('VALIDATION_FAILED', [{ path: 'contactId', message: '联系人不存在 / contact not found' }]);
    await loadWritableAccount(tx, actor, contact.accountId);
    const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, t), eq(users.id, input.userId)));
    if (!user) throw new AppError('VALIDATION_FAILED', [{ path: 'userId', message: '用户不存在 / user not found' }]);
    const now = deps.clock.now();
    const [row] = await tx.insert(relationships).values({ ...input, tenantId: t, id: newId(), accountId: contact.accountId, createdAt: now })
      .onConflictDoNothing().returning();
    if (!row) throw new AppError('ALREADY_EXISTS', [{ path: 'contactId', message: '该关系已存在 / this relationship already exists' }]);
    await recordAudit(tx, actor, { entity: 'relationship', entityId: row.id, accountId: contact.accountId, action: 'create', after: row }, now);
    return row;
  });
}

export async function deleteRelationship(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'contacts.write');
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(relationships).where(and(eq(relationships.tenantId, actor.tenantId), eq(relationships.id, id)));
    if (!row) throw new AppError('NOT_FOUND');
    await loadWritableAccount(tx, actor, row.accountId);
    await tx.delete(relationships).where(and(eq(relationships.tenantId, actor.tenantId), eq(relationships.id, id)));
    await recordAudit(tx, actor, { entity: 'relationship', entityId: id, accountId: row.accountId, action: 'delete', before: row }, deps.clock.now());
  });
}
