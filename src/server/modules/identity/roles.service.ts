import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { loadOne, updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import type { RoleInput, UpdateRoleInput } from '../../../shared/contracts.js';
import { requirePermission, type Actor } from './actor.js';
import { forgetWorkspaceActors } from './actor-cache.js';
import { roles, users } from './identity.schema.js';

export async function listRoles(db: Queryable, tenantId: string) {
  return db.select().from(roles).where(eq(roles.tenantId, tenantId)).orderBy(asc(roles.createdAt));
}

export async function createRole(deps: AppDeps, actor: Actor, input: z.infer<typeof RoleInput>) {
  requirePermission(actor, 'admin.roles');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx.insert(roles).values({ ...input, tenantId: actor.tenantId, id: newId(), createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
    if (!row) throw new AppError('ALREADY_EXISTS', [{ path: 'key', message: '角色标识已存在 / role key already used' }]);
    await recordAudit(tx, actor, { entity: 'role', entityId: row.id, action: 'create', after: row }, now);
    return row;
  });
}

export async function updateRole(deps: AppDeps, actor: Actor, id: string, input: z.infer<typeof UpdateRoleInput>) {
  requirePermission(actor, 'admin.roles');
  const result = await deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, roles, actor.tenantId, id);
    const { version, ...rest } = input;
    // The admin role keeps its admin rights, so nobody can lock the whole workspace out of its settings.
    if (before.key === 'admin' && rest.permissions && !rest.permissions.includes('admin.roles')) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'permissions', message: '管理员角色必须保留角色管理权限 / the admin role must keep admin.roles' }]);
    }
    const now = deps.clock.now();
    const row = await updateVersioned(tx, roles, actor.tenantId, id, version, { ...rest, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'role', entityId: id, action: 'update', before, after: row }, now);
    return row;
  });
  forgetWorkspaceActors(actor.tenantId);
  return result;
}

export async function deleteRole(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.roles');
  await deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, roles, actor.tenantId, id);
    if (before.isSystem) throw new AppError('IN_USE', { isSystem: true });
    const [member] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, actor.tenantId), eq(users.roleId, id))).limit(1);
    if (member) throw new AppError('IN_USE', { hasUsers: true });
    await tx.delete(roles).where(and(eq(roles.tenantId, actor.tenantId), eq(roles.id, id)));
    await recordAudit(tx, actor, { entity: 'role', entityId: id, action: 'delete', before }, deps.clock.now());
  });
  forgetWorkspaceActors(actor.tenantId);
}
