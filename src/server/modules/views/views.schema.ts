import { pgTable, uuid, text, timestamp, jsonb, boolean, primaryKey, foreignKey, index } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.schema.js';

/** A user's saved list view: filters, sort and columns. */
export const savedViews = pgTable('saved_views', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  entity: text('entity').notNull(),
  name: text('name').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  isShared: boolean('is_shared').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  index('saved_views_user_idx').on(t.tenantId, t.userId, t.entity),
  foreignKey({ name: 'saved_views_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
]);
