import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, timestamp, integer, jsonb, boolean, primaryKey, foreignKey, uniqueIndex, index, numeric,
} from 'drizzle-orm/pg-core';

export const accounts = pgTable('accounts', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  /** Name with legal-form suffixes, brackets, spaces and full-width forms removed: the dedupe key. */
  nameNorm: text('name_norm').notNull(),
  creditCode: text('credit_code'),
  industry: text('industry'),
  employeeSize: text('employee_size'),
  annualRevenue: numeric('annual_revenue', { precision: 18, scale: 2 }),
  province: text('province'),
  city: text('city'),
  website: text('website'),
  domain: text('domain'),
  level: text('level'),
  segment: text('segment'),
  lifecycleStage: text('lifecycle_stage').notNull().default('prospect'),
  source: text('source'),
  ownerId: uuid('owner_id'),
  csOwnerId: uuid('cs_owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  parentId: uuid('parent_id'),
  notes: text('notes'),
  needs: text('needs'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  mergedIntoId: uuid('merged_into_id'),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'accounts_parent_fk', columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  foreignKey({ name: 'accounts_merged_into_fk', columns: [t.tenantId, t.mergedIntoId], foreignColumns: [t.tenantId, t.id] }),
  // Hard dedupe keys: the database refuses a second live account with the same credit code or normalised name,
  // so two concurrent creates or imports cannot both win.
  uniqueIndex('accounts_credit_code_uq').on(t.tenantId, t.creditCode).where(sql`deleted_at is null and credit_code is not null`),
  uniqueIndex('accounts_name_norm_uq').on(t.tenantId, t.nameNorm).where(sql`deleted_at is null`),
  index('accounts_name_trgm_idx').using('gin', t.nameNorm.op('gin_trgm_ops')),
  index('accounts_domain_idx').on(t.tenantId, t.domain).where(sql`domain is not null`),
  // Keyset lists order by (sort column, id) either way; plain ascending indexes serve both directions by scanning
  // backwards (a DESC NULLS LAST index would not match ORDER BY … DESC, which is NULLS FIRST).
  index('accounts_owner_idx').on(t.tenantId, t.ownerId, t.updatedAt, t.id),
  index('accounts_updated_idx').on(t.tenantId, t.updatedAt, t.id),
  index('accounts_created_idx').on(t.tenantId, t.createdAt, t.id),
  index('accounts_name_sort_idx').on(t.tenantId, t.name, t.id),
  index('accounts_parent_idx').on(t.tenantId, t.parentId).where(sql`parent_id is not null`),
]);

export const contacts = pgTable('contacts', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  accountId: uuid('account_id').notNull(),
  name: text('name').notNull(),
  title: text('title'),
  department: text('department'),
  mobile: text('mobile'),
  /** Mobile reduced to its 11 digits (+86, spaces and dashes removed): the dedupe key. */
  mobileNorm: text('mobile_norm'),
  email: text('email'),
  emailNorm: text('email_norm'),
  wechat: text('wechat'),
  buyingRoles: text('buying_roles').array().notNull().default(sql`'{}'::text[]`),
  stance: text('stance'),
  isPrimary: boolean('is_primary').notNull().default(false),
  ownerId: uuid('owner_id'),
  notes: text('notes'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'contacts_account_fk', columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
  index('contacts_account_idx').on(t.tenantId, t.accountId),
  index('contacts_updated_idx').on(t.tenantId, t.updatedAt, t.id),
  uniqueIndex('contacts_mobile_uq').on(t.tenantId, t.mobileNorm).where(sql`deleted_at is null and mobile_norm is not null`),
  uniqueIndex('contacts_email_uq').on(t.tenantId, t.emailNorm).where(sql`deleted_at is null and email_norm is not null`),
  index('contacts_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
]);

/** Which of our users know which of their contacts: the relationship map. */
export const relationships = pgTable('relationships', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  accountId: uuid('account_id').notNull(),
  /** 1 认识 acquainted, 2 熟悉 familiar, 3 密切 close. */
  strength: integer('strength').notNull().default(1),
  notes: text('notes'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('relationships_user_contact_uq').on(t.tenantId, t.userId, t.contactId),
  index('relationships_account_idx').on(t.tenantId, t.accountId),
  foreignKey({ name: 'relationships_contact_fk', columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }),
  foreignKey({ name: 'relationships_account_fk', columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
]);

/** One merge of two accounts, with what moved, so it can be undone. */
export const accountMerges = pgTable('account_merges', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  winnerId: uuid('winner_id').notNull(),
  loserId: uuid('loser_id').notNull(),
  movedContactIds: uuid('moved_contact_ids').array().notNull(),
  movedRelationshipIds: uuid('moved_relationship_ids').array().notNull(),
  movedChildIds: uuid('moved_child_ids').array().notNull(),
  /** Winner fields filled from the loser: field → value before the merge. */
  winnerBefore: jsonb('winner_before').$type<Record<string, unknown>>().notNull(),
  mergedBy: uuid('merged_by'),
  mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  undoneBy: uuid('undone_by'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'account_merges_winner_fk', columns: [t.tenantId, t.winnerId], foreignColumns: [accounts.tenantId, accounts.id] }),
  foreignKey({ name: 'account_merges_loser_fk', columns: [t.tenantId, t.loserId], foreignColumns: [accounts.tenantId, accounts.id] }),
]);
