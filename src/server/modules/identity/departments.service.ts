import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { loadOne, updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import type { CreateDepartmentInput, UpdateDepartmentInput } from '../../../shared/contracts.js';
import { requirePermission, type Actor } from './actor.js';
import { departments, users } from './identity.schema.js';

export async function listDepartments(db: Queryable, tenantId: string) {
  return db.select().from(departments).where(eq(departments.tenantId, tenantId)).orderBy(asc(departments.path));
}

async function parentPath(db: Queryable, tenantId: string, parentId: string | null | undefined) {
  if (!parentId) return '/';
  const [p] = await db.select({ path: departments.path }).from(departments).where(and(eq(departments.tenantId, tenantId), eq(departments.id, parentId)));
  if (!p) throw new AppError('VALIDATION_FAILED', [{ path: 'parentId', message: '上级部门不存在 / parent department not found' }]);
  return p.path;
}

export async function createDepartment(deps: AppDeps, actor: Actor, input: z.infer<typeof CreateDepartmentInput>) {
  requirePermission(actor, 'admin.departments');
  return deps.db.transaction(async (tx) => {
    const id = newId();
    const path = `${await parentPath(tx, actor.tenantId, input.parentId)}${id}/`;
    const now = deps.clock.now();
    const [row] = await tx.insert(departments).values({ tenantId: actor.tenantId, id, name: input.name, parentId: input.parentId ?? null, path, createdAt: now, updatedAt: now }).returning();
    await recordAudit(tx, actor, { entity: 'department', entityId: id, action: 'create', after: row }, now);
    return row;
  });
}

/** Renames or moves a department; moving rewrites the paths of its whole subtree in one statement. */
export async function updateDepartment(deps: AppDeps, actor: Actor, id: string, input: z.infer<typeof UpdateDepartmentInput>) {
  requirePermission(actor, 'admin.departments');
  return deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, departments, actor.tenantId, id);
    let path = before.path;
    if (input.parentId !== undefined && input.parentId !== before.parentId) {
      const newParent = await parentPath(tx, actor.tenantId, input.parentId);
      if (newParent.startsWith(before.path)) throw new AppError('VALIDATION_FAILED', [{ path: 'parentId', message: '不能移动到自己的下级部门 / cannot move under itself' }]);
      path = `${newParent}${id}/`;
      await tx.update(departments).set({ path: sql`${path} || substr(${departments.path}, ${before.path.length + 1})` })
        .where(and(eq(departments.tenantId, actor.tenantId), like(departments.path, `${before.path}%`)));
    }
    const now = deps.clock.now();
    const row = await updateVersioned(tx, departments, actor.tenantId, id, input.version, {
      name: input.name ?? before.name, parentId: input.parentId === undefined ? before.parentId : input.parentId, path, updatedAt: now,
    });
    await recordAudit(tx, actor, { entity: 'department', entityId: id, action: 'update', before, after: row }, now);
    return row;
  });
}

export async function deleteDepartment(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.departments');
  await deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, departments, actor.tenantId, id);
    const [child] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.tenantId, actor.tenantId), eq(departments.parentId, id))).limit(1);
    const [member] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, actor.tenantId), eq(users.departmentId, id))).limit(1);
    if (child || member) throw new AppError('IN_USE', { hasChildren: !!child, hasUsers: !!member });
    await tx.delete(departments).where(and(eq(departments.tenantId, actor.tenantId), eq(departments.id, id)));
    await recordAudit(tx, actor, { entity: 'department', entityId: id, action: 'delete', before }, deps.clock.now());
  });
}
