import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, jsonb, primaryKey, index } from 'drizzle-orm/pg-core';

export const auditLog = pgTable('audit_log', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  actorKind: text('actor_kind').notNull(),
  entity: text('entity').notNull(),
  entityId: uuid('entity_id').notNull(),
  /** The account a change belongs to, so an account's timeline is one index range. */
  accountId: uuid('account_id'),
  action: text('action').notNull(),
  changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>(),
  requestId: text('request_id'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  index('audit_log_at_idx').on(t.tenantId, t.at, t.id),
  index('audit_log_entity_idx').on(t.tenantId, t.entity, t.entityId),
  index('audit_log_account_idx').on(t.tenantId, t.accountId).where(sql`account_id is not null`),
]);
