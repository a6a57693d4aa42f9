// In-app notifications and the webhook outbox. Other modules call notify/notifyMany inside their own transaction, so a
// lead's assignment, its notification and its webhook deliveries commit together or not at all.
import { and, arrayOverlaps, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { arrayParam, equalsAny, jsonRecordset, queryRows, type Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, timeCursor, toPage } from '../../http/pagination.js';
import { enqueueJob } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import type { NotificationEvent } from '../../../shared/notification-contracts.js';
import type { Actor } from '../identity/actor.js';
import { notifications, webhooks } from './notifications.schema.js';
import { DELIVER_JOB } from './webhooks.deliver.js';

export type { NotificationEvent };

export interface NotificationInput {
  event: NotificationEvent;
  userIds: string[];
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  entityType?: string;
  /** A uuid: the record the notification is about. */
  entityId?: string;
  /** Makes a sweep that runs twice notify once; stored per user as `${dedupeKey}:${userId}`. */
  dedupeKey?: string;
  /** Sent to webhooks as is; an absolute http(s) `data.link` becomes the robots' "查看详情" link. */
  data?: Record<string, unknown>;
  /**
   * False keeps this notice off the webhooks: another notice of the same happening already tells the group (an SLA breach
   * tells the owner and, escalated, the manager; a group needs one message, the manager's, which names the owner).
   */
  toWebhooks?: boolean;
}

export interface NotifyResult { notified: number; deliveries: number }

// One statement per chunk: a burst of thousands of leads costs a handful of round trips, each one json parameter.
const CHUNK = 2000;

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Marks read the unread notices of these events about these records: what they asked for is done or moot (an SQL
 * accepted or rejected, a recycle or SLA warning for a lead its owner followed up or no longer holds). They stay in
 * each inbox as history; only the unread badge stops asking. Call inside the transaction that settles them.
 */
export async function settleNotifications(tx: Queryable, now: Date, tenantId: string, entityIds: string[], events: NotificationEvent[]): Promise<number> {
  if (!entityIds.length || !events.length) return 0;
  // One index probe per record (the lateral subquery with OFFSET 0 is not flattened into a join): left to choose, with
  // the table's statistics older than a sweep's thousands of new notices, the planner walked every unread notice of the
  // workspace for each batch, 130 ms a batch against 11 ms this way.
  const rows = await queryRows<{ n: number }>(tx, sql`
    with hit as (
      select n.id from unnest(${arrayParam(entityIds, 'uuid')}) as x(id)
      cross join lateral (
        select n.id from notifications n
        where n.tenant_id = ${tenantId} and n.entity_id = x.id and n.read_at is null and ${equalsAny(sql`n.event`, events)}
        offset 0) n
    ), settled as (
      update notifications n set read_at = ${now.toISOString()}::timestamptz
      from hit where n.tenant_id = ${tenantId} and n.id = hit.id
      returning 1)
    select count(*)::int as n from settled`);
  return Number(rows[0].n);
}

/** Notifies one event; see notifyMany. */
export async function notify(tx: Queryable, now: Date, tenantId: string, n: NotificationInput): Promise<NotifyResult> {
  return notifyMany(tx, now, tenantId, [n]);
}

/**
 * Writes one notification per user and, for each notification that is new (not deduplicated), one pending delivery per
 * enabled webhook subscribed to its event, then makes sure the delivery job will run. Call inside the caller's transaction.
 */
export async function notifyMany(tx: Queryable, now: Date, tenantId: string, inputs: NotificationInput[]): Promise<NotifyResult> {
  if (!inputs.length) return { notified: 0, deliveries: 0 };
  const rows = inputs.flatMap((n, index) => [...new Set(n.userIds)].map((userId) => ({
    id: newId(), index, userId, event: n.event, title: n.title, titleEn: n.titleEn, body: n.body, bodyEn: n.bodyEn,
    entityType: n.entityType ?? null, entityId: n.entityId ?? null, dedupeKey: n.dedupeKey ? `${n.dedupeKey}:${userId}` : null,
  })));
  const inserted = new Set<string>();
  for (const part of chunk(rows, CHUNK)) {
    const got = await queryRows<{ id: string }>(tx, sql`
      insert into notifications (tenant_id, id, user_id, event, title, title_en, body, body_en, entity_type, entity_id, dedupe_key, created_at)
      select ${tenantId}::uuid, r.id, r."userId", r.event, r.title, r."titleEn", r.body, r."bodyEn", r."entityType", r."entityId", r."dedupeKey", ${now.toISOString()}::timestamptz
      from ${jsonRecordset(part)}
        as r(id uuid, "userId" uuid, event text, title text, "titleEn" text, body text, "bodyEn" text, "entityType" text, "entityId" uuid, "dedupeKey" text)
      on conflict do nothing
      returning id`);
    for (const r of got) inserted.add(r.id);
  }
  // An event is new when at least one of its rows went in. An event for no users cannot be deduplicated here,
  // so it always goes to the webhooks.
  const isNew = inputs.map((n) => !n.userIds.length);
  for (const r of rows) if (inserted.has(r.id)) isNew[r.index] = true;
  const fresh = inputs.filter((n, i) => isNew[i] && n.toWebhooks !== false);
  const deliveries = await enqueueDeliveries(tx, now, tenantId, fresh);
  return { notified: inserted.size, deliveries };
}

/** Writes the outbox rows for new events and queues the delivery job in the same transaction. */
async function enqueueDeliveries(tx: Queryable, now: Date, tenantId: string, events: NotificationInput[]): Promise<number> {
  if (!events.length) return 0;
  const names = [...new Set(events.map((n) => n.event))];
  const hooks = await tx.select({ id: webhooks.id, events: webhooks.events }).from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.isEnabled, true), arrayOverlaps(webhooks.events, names)));
  if (!hooks.length) return 0;
  const occurredAt = now.toISOString();
  const recipientNames = await userNames(tx, tenantId, events.flatMap((n) => n.userIds));
  const rows = events.flatMap((n) => hooks.filter((h) => h.events.includes(n.event)).map((h) => ({
    id: newId(), webhookId: h.id, event: n.event,
    payload: {
      occurredAt, title: n.title, titleEn: n.titleEn, body: n.body, bodyEn: n.bodyEn,
      entityType: n.entityType ?? null, entityId: n.entityId ?? null, link: linkOf(n.data),
      recipients: [...new Set(n.userIds)].map((id) => ({ id, name: recipientNames.get(id) ?? '' })), data: n.data ?? {},
    },
  })));
  for (const part of chunk(rows, CHUNK)) {
    await tx.execute(sql`
      insert into webhook_deliveries (tenant_id, id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at)
      select ${tenantId}::uuid, r.id, r."webhookId", r.event, r.payload, 'pending', 0, ${occurredAt}::timestamptz, ${occurredAt}::timestamptz
      from ${jsonRecordset(part)} as r(id uuid, "webhookId" uuid, event text, payload jsonb)`);
  }
  await scheduleDelivery(tx, now, tenantId);
  return rows.length;
}

/**
 * Queues the delivery job now. If one is already queued (a retry scheduled for later), it is pulled forward instead;
 * a running one released its key when it started, so a new one queues behind it and nothing is missed.
 */
export async function scheduleDelivery(tx: Queryable, now: Date, tenantId: string): Promise<void> {
  const id = await enqueueJob(tx, now, tenantId, DELIVER_JOB, {}, { dedupeKey: DELIVER_JOB });
  if (id) return;
  await tx.update(jobs).set({ runAt: now })
    .where(and(eq(jobs.tenantId, tenantId), eq(jobs.dedupeKey, DELIVER_JOB), eq(jobs.status, 'queued'), sql`${jobs.runAt} > ${now.toISOString()}::timestamptz`));
}

/** The names of the notified users, for the webhook messages that name them. */
async function userNames(tx: Queryable, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(tx, sql`
    select id, name from users where tenant_id = ${tenantId} and ${equalsAny(sql`id`, unique, 'uuid')}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

function linkOf(data: Record<string, unknown> | undefined): string | null {
  const link = data?.link;
  return typeof link === 'string' && /^https?:\/\//i.test(link) ? link : null;
}

const listColumns = {
  id: notifications.id, event: notifications.event, title: notifications.title, titleEn: notifications.titleEn,
  body: notifications.body, bodyEn: notifications.bodyEn, entityType: notifications.entityType, entityId: notifications.entityId,
  readAt: notifications.readAt, createdAt: notifications.createdAt,
};

/** The actor's own notifications, newest first, keyset-paged, with how many are unread. */
export async function listMyNotifications(deps: AppDeps, actor: Actor, q: { isUnreadOnly?: boolean; limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, timeCursor);
  const mine = and(eq(notifications.tenantId, actor.tenantId), eq(notifications.userId, actor.userId));
  const rows = await deps.db.select(listColumns).from(notifications).where(and(
    mine,
    q.isUnreadOnly ? isNull(notifications.readAt) : undefined,
    after ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
  )).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(q.limit + 1);
  const [{ unread }] = await deps.db.select({ unread: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)));
  return { ...toPage(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]), unreadCount: Number(unread) };
}

// Read marks are the reader's own inbox state, not business data: they are not written to the audit log.
/** Marks one of the actor's notifications read; someone else's is NOT_FOUND. */
export async function markNotificationRead(deps: AppDeps, actor: Actor, id: string) {
  const [row] = await deps.db.update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${deps.clock.now().toISOString()}::timestamptz)` })
    .where(and(eq(notifications.tenantId, actor.tenantId), eq(notifications.id, id), eq(notifications.userId, actor.userId)))
    .returning({ id: notifications.id, readAt: notifications.readAt });
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Marks all of the actor's unread notifications read; returns how many changed. */
export async function markAllNotificationsRead(deps: AppDeps, actor: Actor) {
  const rows = await deps.db.update(notifications).set({ readAt: deps.clock.now() })
    .where(and(eq(notifications.tenantId, actor.tenantId), eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
