import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Db, Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import type { UpdateWorkspaceInput } from '../../../shared/contracts.js';
import { DEFAULT_TIME_ZONE } from '../../../shared/schema-parts.js';
import { PERMISSIONS, type DataScope, type Permission } from '../../../shared/dictionaries.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, systemActor, type Actor } from './actor.js';
import { hashPassword } from './auth.service.js';
import { departments, roles, tenants, users } from './identity.schema.js';

interface RoleTemplate { key: string; name: string; nameEn: string; dataScope: DataScope; permissions: readonly Permission[]; fieldPermissions?: Record<string, string> }

/** The roles every new workspace starts with; admins can change all but the admin role's admin rights. */
export const DEFAULT_ROLES: RoleTemplate[] = [
  { key: 'admin', name: '系统管理员', nameEn: 'Administrator', dataScope: 'all', permissions: PERMISSIONS },
  {
    key: 'sales_manager', name: '销售经理', nameEn: 'Sales manager', dataScope: 'department_tree',
    permissions: ['accounts.read', 'accounts.write', 'accounts.delete', 'accounts.merge', 'accounts.import', 'accounts.export', 'contacts.read', 'contacts.write', 'contacts.delete', 'audit.read',
      'leads.read', 'leads.write', 'leads.assign', 'leads.import', 'leads.export', 'leads.accept', 'leads.convert', 'pools.claim', 'sql_standard.sign_sales', 'admin.pools'],
  },
  {
    key: 'sales_rep', name: '销售代表', nameEn: 'Sales rep', dataScope: 'self',
    permissions: ['accounts.read', 'accounts.write', 'contacts.read', 'contacts.write', 'leads.read', 'leads.write', 'leads.accept', 'leads.convert', 'pools.claim'],
  },
  {
    key: 'marketing', name: '市场运营', nameEn: 'Marketing ops', dataScope: 'all',
    permissions: ['accounts.read', 'accounts.import', 'accounts.export', 'contacts.read',
      'leads.read', 'leads.write', 'leads.assign', 'leads.import', 'leads.export', 'leads.qualify', 'sql_standard.sign_marketing', 'admin.lead_rules'],
    // Marketing sees every account for segmentation but not reps' direct lines or deal sizes.
    fieldPermissions: { 'contact.mobile': 'masked', 'contact.email': 'masked', 'contact.wechat': 'masked', 'account.annualRevenue': 'hidden' },
  },
  {
    key: 'customer_success', name: '客户成功', nameEn: 'Customer success', dataScope: 'self',
    permissions: ['accounts.read', 'accounts.write', 'contacts.read', 'contacts.write'],
    fieldPermissions: { 'account.creditCode': 'read', 'account.annualRevenue': 'read' },
  },
];

export interface NewWorkspace {
  slug: string;
  name: string;
  admin: { email: string; name: string; password: string };
}

/** Creates a workspace with its default roles, a root department and its first administrator. */
export async function createWorkspace(db: Db, input: NewWorkspace, now = new Date()) {
  const tenantId = newId();
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction(async (tx) => {
    const [t] = await tx.insert(tenants).values({
      tenantId, slug: input.slug, name: input.name, createdAt: now,
      settings: { currency: 'CNY', timeZone: DEFAULT_TIME_ZONE, locale: 'zh-CN' },
    }).onConflictDoNothing().returning();
    if (!t) throw new AppError('ALREADY_EXISTS', [{ path: 'slug', message: '工作区标识已存在 / workspace slug taken' }]);
    const roleIds: Record<string, string> = {};
    for (const r of DEFAULT_ROLES) {
      roleIds[r.key] = newId();
      await tx.insert(roles).values({
        tenantId, id: roleIds[r.key], key: r.key, name: r.name, nameEn: r.nameEn, dataScope: r.dataScope,
        permissions: [...r.permissions], fieldPermissions: r.fieldPermissions ?? {}, isSystem: true, createdAt: now, updatedAt: now,
      });
    }
    const rootId = newId();
    await tx.insert(departments).values({ tenantId, id: rootId, name: input.name, path: `/${rootId}/`, createdAt: now, updatedAt: now });
    const adminId = newId();
    await tx.insert(users).values({
      tenantId, id: adminId, email: input.admin.email.toLowerCase(), name: input.admin.name, passwordHash,
      roleId: roleIds.admin, departmentId: rootId, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, systemActor(tenantId), { entity: 'workspace', entityId: tenantId, action: 'create', after: { slug: input.slug, name: input.name } }, now);
    return { tenantId, adminId, rootDepartmentId: rootId, roleIds };
  });
}

const workspaceColumns = {
  id: tenants.tenantId, slug: tenants.slug, name: tenants.name, settings: tenants.settings, version: tenants.version, updatedAt: tenants.updatedAt,
};

/** The workspace's name, slug and settings, with the version to send back with an edit. */
export async function getWorkspace(db: Queryable, tenantId: string) {
  const [row] = await db.select(workspaceColumns).from(tenants).where(eq(tenants.tenantId, tenantId));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** The workspace's time zone, which every rule that counts days or weeks and every time shown goes by. */
export async function loadWorkspaceTimeZone(db: Queryable, tenantId: string): Promise<string> {
  const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.tenantId, tenantId));
  return row?.settings.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * Renames the workspace or moves it to another time zone. A new zone applies from now on: deadlines already set keep
 * their instant; day limits, recycle days and report weeks are counted in the new zone.
 */
export async function updateWorkspace(deps: AppDeps, actor: Actor, input: z.infer<typeof UpdateWorkspaceInput>) {
  requirePermission(actor, 'admin.workspace');
  const { version, name, timeZone } = input;
  return deps.db.transaction(async (tx) => {
    const before = await getWorkspace(tx, actor.tenantId);
    const after = { name: name ?? before.name, settings: { ...before.settings, ...(timeZone ? { timeZone } : {}) } };
    if (after.name === before.name && after.settings.timeZone === before.settings.timeZone) {
      if (version !== before.version) throw new AppError('VERSION_CONFLICT');
      return before;
    }
    const now = deps.clock.now();
    const [row] = await tx.update(tenants).set({ ...after, version: version + 1, updatedAt: now })
      .where(and(eq(tenants.tenantId, actor.tenantId), eq(tenants.version, version))).returning(workspaceColumns);
    if (!row) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, actor, {
      entity: 'workspace', entityId: actor.tenantId, action: 'update',
      before: { name: before.name, timeZone: before.settings.timeZone }, after: { name: row.name, timeZone: row.settings.timeZone },
    }, now);
    return row;
  });
}
