import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, type Actor } from './actor.js';
import { forgetWorkspaceActors } from './actor-cache.js';
import { makeApiKey } from './auth.service.js';
import { apiKeys, users } from './identity.schema.js';

export async function listApiKeys(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'admin.api_keys');
  return deps.db.select({
    id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, userId: apiKeys.userId, userName: users.name,
    createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt,
  }).from(apiKeys)
    .innerJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.userId)))
    .where(eq(apiKeys.tenantId, actor.tenantId)).orderBy(desc(apiKeys.createdAt));
}

/** Creates a key acting as the creating user; the secret is returned this once and stored only hashed. */
export async function createApiKey(deps: AppDeps, actor: Actor, name: string) {
  requirePermission(actor, 'admin.api_keys');
  const { key, prefix, keyHash } = makeApiKey(actor.tenantId);
  return deps.db.transaction(async (tx) => {
    const id = newId();
    const now = deps.clock.now();
    await tx.insert(apiKeys).values({ tenantId: actor.tenantId, id, name, prefix, keyHash, userId: actor.userId, createdAt: now });
    await recordAudit(tx, actor, { entity: 'api_key', entityId: id, action: 'create', after: { name, prefix } }, now);
    return { id, name, prefix, key };
  });
}

export async function revokeApiKey(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.api_keys');
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx.update(apiKeys).set({ revokedAt: now })
      .where(and(eq(apiKeys.tenantId, actor.tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ name: apiKeys.name });
    if (!row) throw new AppError('NOT_FOUND');
    await recordAudit(tx, actor, { entity: 'api_key', entityId: id, action: 'revoke', after: { name: row.name } }, now);
  });
  forgetWorkspaceActors(actor.tenantId);
}
