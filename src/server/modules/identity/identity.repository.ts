import { and, arrayOverlaps, eq, sql, isNull } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../db/client.js';
import { tenants, users, roles, sessions, apiKeys, departments } from './identity.schema.js';

export interface ActorRow {
  tenantId: string; userId: string; name: string; status: string; departmentId: string | null;
  dataScope: string; permissions: string[]; fieldPermissions: Record<string, string>;
}

/**
 * Whether a user's role works leads as their owner (sales: accepts SQLs or claims from pools); marketing and customer
 * success do not, so routing may not hand them leads. A column for a query that joins roles.
 */
export const worksLeads = arrayOverlaps(roles.permissions, ['leads.accept', 'pools.claim']);

const actorColumns = {
  tenantId: users.tenantId, userId: users.id, name: users.name, status: users.status, departmentId: users.departmentId,
  dataScope: roles.dataScope, permissions: roles.permissions, fieldPermissions: roles.fieldPermissions,
};

/**
 * Login is the one lookup that cannot know the tenant yet: the email is all we have. It returns each
 * workspace the email belongs to, so the caller can ask which one when there are several.
 */
export async function findLoginCandidates(db: Queryable, email: string, workspaceSlug?: string) {
  const rows = await db
    .select({ tenantId: users.tenantId, userId: users.id, passwordHash: users.passwordHash, status: users.status, slug: tenants.slug })
    .from(users)
    .innerJoin(tenants, eq(tenants.tenantId, users.tenantId))
    .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), workspaceSlug ? eq(tenants.slug, workspaceSlug) : undefined));
  return rows;
}

export async function findActorBySession(db: Queryable, tenantId: string, tokenHash: string, now: Date) {
  const rows = await db
    .select({ ...actorColumns, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.tokenHash, tokenHash), sql`${sessions.expiresAt} > ${now.toISOString()}`));
  return rows[0];
}

export async function findActorByUser(db: Queryable, tenantId: string, userId: string) {
  const rows = await db.select(actorColumns).from(users)
    .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return rows[0];
}

export async function findActorByApiKey(db: Queryable, tenantId: string, prefix: string) {
  const rows = await db
    .select({ ...actorColumns, keyId: apiKeys.id, keyHash: apiKeys.keyHash, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.userId)))
    .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)));
  return rows[0];
}

export async function insertSession(db: Queryable, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

export async function deleteSession(db: Queryable, tenantId: string, tokenHash: string) {
  await db.delete(sessions).where(and(eq(sessions.tenantId, tenantId), eq(sessions.tokenHash, tokenHash)));
}

export async function touchApiKey(db: Queryable, tenantId: string, keyId: string, now: Date) {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId)));
}

export async function getTenant(db: Queryable, tenantId: string) {
  const [row] = await db.select().from(tenants).where(eq(tenants.tenantId, tenantId));
  return row;
}

/** Ids of the users whose records an actor's data scope covers. */
export async function listScopeUserIds(
  db: Queryable, tenantId: string, userId: string, departmentId: string | null, scope: string,
): Promise<string[]> {
  if (scope === 'self') return [userId];
  if (scope === 'self_and_subordinates') {
    const rows = await queryRows<{ id: string }>(db, sql`
      with recursive team(id) as (
        select ${userId}::uuid
        union
        select u.id from users u join team t on u.manager_id = t.id where u.tenant_id = ${tenantId}
      ) select id from team`);
    return rows.map((r) => r.id);
  }
  if (!departmentId) return [userId];
  if (scope === 'department') {
    const rows = await db.select({ id: users.id }).from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.departmentId, departmentId)));
    return [...new Set([userId, ...rows.map((r) => r.id)])];
  }
  // department_tree: every department whose path starts with ours.
  const rows = await queryRows<{ id: string }>(db, sql`
    select u.id from users u join departments d on d.tenant_id = u.tenant_id and d.id = u.department_id
    where u.tenant_id = ${tenantId}
      and d.path like (select path from departments where tenant_id = ${tenantId} and id = ${departmentId}) || '%'`);
  return [...new Set([userId, ...rows.map((r) => r.id)])];
}

export { tenants, users, roles, sessions, apiKeys, departments };
