import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { loadOne, updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import type { CreateUserInput, UpdateUserInput } from '../../../shared/contracts.js';
import { requirePermission, type Actor } from './actor.js';
import { forgetWorkspaceActors } from './actor-cache.js';
import { hashPassword } from './auth.service.js';
import { departments, roles, users } from './identity.schema.js';
import { worksLeads } from './identity.repository.js';

/** What an audit row may say about a user: never the password hash. */
const auditable = ({ passwordHash: _p, ...u }: typeof users.$inferSelect) => u;

/** Every user of the workspace with role, department and manager names, for the admin page. */
export async function listUsers(db: Queryable, actor: Actor) {
  requirePermission(actor, 'admin.users');
  const manager = alias(users, 'manager');
  return db.select({
    id: users.id, email: users.email, name: users.name, mobile: users.mobile, roleId: users.roleId, roleName: roles.name,
    departmentId: users.departmentId, departmentName: departments.name, managerId: users.managerId, managerName: manager.name,
    locale: users.locale, status: users.status, version: users.version, createdAt: users.createdAt,
  }).from(users)
    .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .leftJoin(departments, and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)))
    .leftJoin(manager, and(eq(manager.tenantId, users.tenantId), eq(manager.id, users.managerId)))
    .where(eq(users.tenantId, actor.tenantId))
    .orderBy(asc(users.name));
}

/** Names of the workspace's users, for owner pickers: every signed-in user may read them. */
export async function listUserOptions(db: Queryable, tenantId: string) {
  return db.select({ id: users.id, name: users.name, departmentId: users.departmentId, status: users.status, worksLeads })
    .from(users).innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(eq(users.tenantId, tenantId)).orderBy(asc(users.name));
}

async function checkReferences(db: Queryable, tenantId: string, refs: { roleId?: string | null; departmentId?: string | null; managerId?: string | null }) {
  const issues: { path: string; message: string }[] = [];
  if (refs.roleId) {
    const [r] = await db.select({ id: roles.id }).from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, refs.roleId)));
    if (!r) issues.push({ path: 'roleId', message: '角色不存在 / role not found' });
  }
  if (refs.departmentId) {
    const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.tenantId, tenantId), eq(departments.id, refs.departmentId)));
    if (!d) issues.push({ path: 'departmentId', message: '部门不存在 / department not found' });
  }
  if (refs.managerId) {
    const [m] = await db.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, refs.managerId)));
    if (!m) issues.push({ path: 'managerId', message: '上级不存在 / manager not found' });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues);
}

export async function createUser(deps: AppDeps, actor: Actor, input: z.infer<typeof CreateUserInput>) {
  requirePermission(actor, 'admin.users');
  const { password, ...rest } = input;
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    await checkReferences(tx, actor.tenantId, input);
    const now = deps.clock.now();
    const [row] = await tx.insert(users).values({ ...rest, email: rest.email.toLowerCase(), passwordHash, tenantId: actor.tenantId, id: newId(), createdAt: now, updatedAt: now })
      .onConflictDoNothing().returning();
    if (!row) throw new AppError('ALREADY_EXISTS', [{ path: 'email', message: '该邮箱已被使用 / email already used' }]);
    await recordAudit(tx, actor, { entity: 'user', entityId: row.id, action: 'create', after: auditable(row) }, now);
    return auditable(row);
  });
}

export async function updateUser(deps: AppDeps, actor: Actor, id: string, input: z.infer<typeof UpdateUserInput>) {
  requirePermission(actor, 'admin.users');
  const { password, version, ...rest } = input;
  const passwordHash = password ? await hashPassword(password) : undefined;
  const result = await deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, users, actor.tenantId, id);
    await checkReferences(tx, actor.tenantId, rest);
    if (rest.managerId === id) throw new AppError('VALIDATION_FAILED', [{ path: 'managerId', message: '不能把自己设为上级 / cannot manage oneself' }]);
    if (id === actor.userId && rest.status === 'disabled') throw new AppError('VALIDATION_FAILED', [{ path: 'status', message: '不能停用自己 / cannot disable yourself' }]);
    const now = deps.clock.now();
    const row = await updateVersioned(tx, users, actor.tenantId, id, version, { ...rest, ...(passwordHash ? { passwordHash } : {}), updatedAt: now });
    const changes = { ...(passwordHash ? { password: { from: '***', to: '***' } } : {}) };
    await recordAudit(tx, actor, { entity: 'user', entityId: id, action: 'update', before: auditable(before), after: auditable(row) }, now);
    if (Object.keys(changes).length) await recordAudit(tx, actor, { entity: 'user', entityId: id, action: 'password_change', changes }, now);
    return auditable(row);
  });
  forgetWorkspaceActors(actor.tenantId);
  return result;
}
