import { pgTable, uuid, text, timestamp, integer, jsonb, boolean, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';

/** A tenant-defined field on accounts or contacts; values live in the entity's `custom` jsonb. */
export const customFieldDefs = pgTable('custom_field_defs', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  entity: text('entity').notNull(),
  key: text('key').notNull(),
  label: text('label').notNull(),
  labelEn: text('label_en'),
  type: text('type').notNull(),
  options: jsonb('options').$type<string[]>().notNull().default([]),
  isRequired: boolean('is_required').notNull().default(false),
  position: integer('position').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('custom_field_defs_key_uq').on(t.tenantId, t.entity, t.key),
]);
