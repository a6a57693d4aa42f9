import {
  pgTable, uuid, text, timestamp, integer, jsonb, boolean, primaryKey, foreignKey, uniqueIndex, index,
} from 'drizzle-orm/pg-core';

/**
 * The tenant directory. Global by nature: tenant_id is its primary key, and slug is unique across
 * workspaces because people type it at login. Listed in the catalog test's exceptions.
 */
export const tenants = pgTable('tenants', {
  tenantId: uuid('tenant_id').primaryKey(),
  slug: text('slug').notNull().unique('tenants_slug_key'),
  name: text('name').notNull(),
  /**
   * The workspace's one time zone: the SLA, recycle and claim days, report weeks, exports and every time on screen and
   * in a message go by it.
   */
  settings: jsonb('settings').$type<WorkspaceSettings>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface WorkspaceSettings { currency: string; timeZone: string; locale: string }

export const departments = pgTable('departments', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  parentId: uuid('parent_id'),
  name: text('name').notNull(),
  /** Materialised path of ids, '/root/child/', so a subtree is one prefix match. */
  path: text('path').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'departments_parent_fk', columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  index('departments_path_idx').on(t.tenantId, t.path),
]);

export const roles = pgTable('roles', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  dataScope: text('data_scope').notNull(),
  permissions: text('permissions').array().notNull(),
  fieldPermissions: jsonb('field_permissions').$type<Record<string, string>>().notNull().default({}),
  isSystem: boolean('is_system').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('roles_key_uq').on(t.tenantId, t.key),
]);

export const users = pgTable('users', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  mobile: text('mobile'),
  passwordHash: text('password_hash'),
  departmentId: uuid('department_id'),
  managerId: uuid('manager_id'),
  roleId: uuid('role_id').notNull(),
  locale: text('locale').notNull().default('zh-CN'),
  status: text('status').notNull().default('active'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('users_email_uq').on(t.tenantId, t.email),
  index('users_email_idx').on(t.email),
  foreignKey({ name: 'users_department_fk', columns: [t.tenantId, t.departmentId], foreignColumns: [departments.tenantId, departments.id] }),
  foreignKey({ name: 'users_role_fk', columns: [t.tenantId, t.roleId], foreignColumns: [roles.tenantId, roles.id] }),
  foreignKey({ name: 'users_manager_fk', columns: [t.tenantId, t.managerId], foreignColumns: [t.tenantId, t.id] }),
]);

export const sessions = pgTable('sessions', {
  tenantId: uuid('tenant_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  userId: uuid('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.tokenHash] }),
  foreignKey({ name: 'sessions_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
]);

export const apiKeys = pgTable('api_keys', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  /** The public part shown in lists and used to find the key; the secret is only stored hashed. */
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  userId: uuid('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('api_keys_prefix_uq').on(t.tenantId, t.prefix),
  foreignKey({ name: 'api_keys_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
]);
