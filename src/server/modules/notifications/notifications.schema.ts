// In-app notifications, and outgoing webhooks with their delivery outbox.
import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, timestamp, integer, jsonb, boolean, primaryKey, foreignKey, uniqueIndex, index, check,
} from 'drizzle-orm/pg-core';

/** One message to one user. `dedupeKey` makes a sweep that runs twice notify once. */
export const notifications = pgTable('notifications', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  event: text('event').notNull(),
  title: text('title').notNull(),
  titleEn: text('title_en').notNull(),
  body: text('body').notNull(),
  bodyEn: text('body_en').notNull(),
  entityType: text('entity_type'),
  entityId: uuid('entity_id'),
  dedupeKey: text('dedupe_key'),
  readAt: timestamp('read_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('notifications_dedupe_uq').on(t.tenantId, t.dedupeKey),
  index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt, t.id),
  // Settling the unread notices about one record (settleNotifications) reads only unread rows.
  index('notifications_unread_entity_idx').on(t.tenantId, t.entityId).where(sql`read_at is null and entity_id is not null`),
]);

export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** An outgoing webhook: plain signed JSON, or a WeCom / DingTalk / Feishu group robot. */
export const webhooks = pgTable('webhooks', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  format: text('format').$type<WebhookFormat>().notNull(),
  /** HMAC key: X-Baton-Signature for json, the robot's own signing scheme for DingTalk and Feishu. */
  secret: text('secret'),
  events: text('events').array().notNull(),
  isEnabled: boolean('is_enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  check('webhooks_format_ck', sql`format in ('json','wecom','dingtalk','feishu')`),
]);

/** The outbox: written in the transaction that raised the event, sent afterwards by the delivery job, retried with backoff. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  webhookId: uuid('webhook_id').notNull(),
  event: text('event').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  responseStatus: integer('response_status'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  /** When the last request went out (set on claim, so one in flight counts): the robots' per-minute budget counts these. */
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'webhook_deliveries_webhook_fk', columns: [t.tenantId, t.webhookId], foreignColumns: [webhooks.tenantId, webhooks.id] }).onDelete('cascade'),
  index('webhook_deliveries_due_idx').on(t.tenantId, t.nextAttemptAt).where(sql`status = 'pending'`),
  index('webhook_deliveries_webhook_idx').on(t.tenantId, t.webhookId, t.createdAt),
  index('webhook_deliveries_recent_idx').on(t.tenantId, t.webhookId, t.lastAttemptAt).where(sql`last_attempt_at is not null`),
  // The list's failed-count badge reads only failed rows.
  index('webhook_deliveries_failed_idx').on(t.tenantId, t.webhookId, t.createdAt).where(sql`status = 'failed'`),
  check('webhook_deliveries_status_ck', sql`status in ('pending','sent','failed')`),
]);
