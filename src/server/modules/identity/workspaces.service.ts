import type { Db } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { PERMISSIONS, type DataScope, type Permission } from '../../../shared/dictionaries.js';
import { recordAudit } from '../audit/index.js';
import { systemActor } from './actor.js';
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
      settings: { currency: 'CNY', timeZone: 'Asia/Shanghai', locale: 'zh-CN' },
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
