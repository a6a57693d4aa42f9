// Managing outgoing webhooks (admin.webhooks): list, create, edit at a version, delete, send a test, see and resend deliveries.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../db/ids.js';
import { loadOne, updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, timeCursor, toPage } from '../../http/pagination.js';
import type { CreateWebhookInput, UpdateWebhookInput } from '../../../shared/notification-contracts.js';
import { recordAudit } from '../audit/index.js';
import { queryRows } from '../../db/client.js';
import { requirePermission, type Actor } from '../identity/actor.js';
import { buildWebhookRequest } from './notifications.formats.js';
import { webhookDeliveries, webhooks } from './notifications.schema.js';
import { scheduleDelivery } from './notifications.service.js';
import { messageOf, sendWebhookRequest } from './webhooks.deliver.js';
import { maskWebhookUrl, urlFormatMismatch } from './webhooks.urls.js';

type WebhookRow = typeof webhooks.$inferSelect;

/** Shows enough of a secret to recognise it: "SEC1••••c0de"; short secrets show nothing. */
export function maskSecret(secret: string | null): string | null {
  if (!secret) return null;
  return secret.length >= 12 ? `${secret.slice(0, 4)}••••${secret.slice(-4)}` : '••••';
}

/** A webhook as the API shows it: the secret only masked, the URL with its credential masked (it is write-only). */
export function presentWebhook(row: WebhookRow) {
  const { secret, tenantId: _t, createdBy: _c, url, ...rest } = row;
  return { ...rest, url: maskWebhookUrl(url), hasSecret: Boolean(secret), secretMasked: maskSecret(secret) };
}

/** What the audit log keeps of a webhook: never the secret, only whether there is one; the URL masked. */
function auditView(row: WebhookRow) {
  const { secret, tenantId: _t, url, ...rest } = row;
  return { ...rest, url: maskWebhookUrl(url), hasSecret: Boolean(secret) };
}

/** Refuses another robot's address for this format: the robot would answer every message with an error. */
function assertUrlFitsFormat(url: string, format: WebhookRow['format']) {
  const mismatch = urlFormatMismatch(url, format);
  if (mismatch) throw new AppError('VALIDATION_FAILED', [{ path: 'url', message: mismatch }]);
}

interface DeliveryHealth { id: string; failed_count: number; last_status: string | null; last_error: string | null; last_at: string | Date | null }

/** The webhooks with how many deliveries failed for good and how the latest one went, for the list's warning badge. */
export async function listWebhooks(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'admin.webhooks');
  const rows = await deps.db.select().from(webhooks).where(eq(webhooks.tenantId, actor.tenantId)).orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  const health = await queryRows<DeliveryHealth>(deps.db, sql`
    select w.id, f.failed_count, l.status as last_status, l.last_error, l.created_at as last_at
    from webhooks w
    cross join lateral (select count(*)::int as failed_count from webhook_deliveries d
      where d.tenant_id = w.tenant_id and d.webhook_id = w.id and d.status = 'failed') f
    left join lateral (select d.status, d.last_error, d.created_at from webhook_deliveries d
      where d.tenant_id = w.tenant_id and d.webhook_id = w.id order by d.created_at desc, d.id desc limit 1) l on true
    where w.tenant_id = ${actor.tenantId}`);
  const byId = new Map(health.map((h) => [h.id, h]));
  return {
    items: rows.map((row) => {
      const h = byId.get(row.id);
      return {
        ...presentWebhook(row), failedCount: Number(h?.failed_count ?? 0),
        lastDelivery: h?.last_status ? { status: h.last_status, error: h.last_error, at: new Date(h.last_at!).toISOString() } : null,
      };
    }),
  };
}

/** Creates a webhook; the answer carries the secret this once, in full, so the admin can copy it. */
export async function createWebhook(deps: AppDeps, actor: Actor, input: CreateWebhookInput) {
  requirePermission(actor, 'admin.webhooks');
  assertUrlFitsFormat(input.url, input.format);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx.insert(webhooks).values({
      tenantId: actor.tenantId, id: newId(), name: input.name, url: input.url, format: input.format, secret: input.secret ?? null,
      events: input.events, isEnabled: input.isEnabled, createdBy: actor.kind === 'system' ? null : actor.userId, createdAt: now, updatedAt: now,
    }).returning();
    await recordAudit(tx, actor, { entity: 'webhook', entityId: row.id, action: 'create', after: auditView(row) }, now);
    return { ...presentWebhook(row), secret: row.secret };
  });
}

/**
 * Edits a webhook at the version the admin saw; a secret left out is kept, null removes it. The URL is write-only: sent
 * back as the API showed it (masked), it is kept. Switching a webhook back on sends what waited while it was off.
 */
export async function updateWebhook(deps: AppDeps, actor: Actor, id: string, input: UpdateWebhookInput) {
  requirePermission(actor, 'admin.webhooks');
  const { version, ...fields } = input;
  return deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, webhooks, actor.tenantId, id);
    if (before.version !== version) throw new AppError('VERSION_CONFLICT', { currentVersion: before.version });
    if (fields.url !== undefined && fields.url === maskWebhookUrl(before.url)) fields.url = undefined;
    assertUrlFitsFormat(fields.url ?? before.url, fields.format ?? before.format);
    const now = deps.clock.now();
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<typeof webhooks.$inferInsert>;
    const row = await updateVersioned(tx, webhooks, actor.tenantId, id, version, { ...set, updatedAt: now });
    if (row.isEnabled && !before.isEnabled) await scheduleDelivery(tx, now, actor.tenantId);
    const changes = auditView(row);
    // A new secret or URL is a change even though the audit log never sees its value.
    const secretChanged = fields.secret !== undefined && fields.secret !== before.secret;
    const urlChanged = row.url !== before.url;
    await recordAudit(tx, actor, {
      entity: 'webhook', entityId: id, action: 'update',
      before: { ...auditView(before), secretChanged: false, urlChanged: false }, after: { ...changes, secretChanged, urlChanged },
    }, now);
    return presentWebhook(row);
  });
}

/** Deletes a webhook with its delivery history (the foreign key cascades). */
export async function deleteWebhook(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.webhooks');
  await deps.db.transaction(async (tx) => {
    const before = await loadOne(tx, webhooks, actor.tenantId, id);
    await tx.delete(webhooks).where(and(eq(webhooks.tenantId, actor.tenantId), eq(webhooks.id, id)));
    await recordAudit(tx, actor, { entity: 'webhook', entityId: id, action: 'delete', before: auditView(before) }, deps.clock.now());
  });
}

export const TEST_MESSAGE = {
  title: 'Baton 测试消息', titleEn: 'Baton test message',
  body: '收到这条消息，说明 Webhook 配置正确。', bodyEn: 'If you can read this, the webhook is set up correctly.',
};

/**
 * Sends a test message now, outside the outbox, and records it as a delivery so it shows in the history. Works on a
 * disabled webhook too: an admin tests before switching it on.
 */
export async function testWebhook(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.webhooks');
  const [hook] = await deps.db.select().from(webhooks).where(and(eq(webhooks.tenantId, actor.tenantId), eq(webhooks.id, id)));
  if (!hook) throw new AppError('NOT_FOUND');
  const deliveryId = newId();
  const startedAt = deps.clock.now();
  // With BATON_PUBLIC_URL set, the test links back to the webhook settings, so the admin sees the links work.
  const link = deps.config.publicUrl ? `${deps.config.publicUrl}/lead-rules/webhooks` : null;
  const payload = { occurredAt: startedAt.toISOString(), ...TEST_MESSAGE, entityType: null, entityId: null, link, recipients: [], data: { isTest: true } };
  const message = messageOf(actor.tenantId, { id: deliveryId, event: 'webhook.test', payload });
  const out = await sendWebhookRequest(buildWebhookRequest(hook, message, startedAt), hook.format, { allowLocal: deps.config.webhookAllowLocal });
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // The webhook may have been deleted while the request was out; then there is nothing to record against.
    await tx.execute(sql`
      insert into webhook_deliveries (tenant_id, id, webhook_id, event, payload, status, attempts, next_attempt_at, response_status, last_error, created_at, sent_at, last_attempt_at)
      select ${actor.tenantId}::uuid, ${deliveryId}::uuid, id, 'webhook.test', ${JSON.stringify(payload)}::jsonb, ${out.isSent ? 'sent' : 'failed'}, 1,
        ${now.toISOString()}::timestamptz, ${out.responseStatus}::int, ${out.error}, ${startedAt.toISOString()}::timestamptz, ${out.isSent ? now.toISOString() : null}::timestamptz,
        ${startedAt.toISOString()}::timestamptz
      from webhooks where tenant_id = ${actor.tenantId} and id = ${id}`);
    await recordAudit(tx, actor, { entity: 'webhook', entityId: id, action: 'test', changes: { result: { from: null, to: out.isSent ? 'sent' : 'failed' } } }, now);
  });
  return { deliveryId, isSent: out.isSent, responseStatus: out.responseStatus, error: out.error };
}

/** A webhook's recent deliveries, newest first, keyset-paged. */
export async function listWebhookDeliveries(deps: AppDeps, actor: Actor, webhookId: string, q: { limit: number; cursor?: string }) {
  requirePermission(actor, 'admin.webhooks');
  const [hook] = await deps.db.select({ id: webhooks.id }).from(webhooks).where(and(eq(webhooks.tenantId, actor.tenantId), eq(webhooks.id, webhookId)));
  if (!hook) throw new AppError('NOT_FOUND');
  const after = decodeCursor(q.cursor, timeCursor);
  const d = webhookDeliveries;
  const rows = await deps.db.select({
    id: d.id, event: d.event, status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastAttemptAt: d.lastAttemptAt, responseStatus: d.responseStatus,
    lastError: d.lastError, createdAt: d.createdAt, sentAt: d.sentAt, title: sql<string | null>`${d.payload}->>'title'`, titleEn: sql<string | null>`${d.payload}->>'titleEn'`,
  }).from(d).where(and(
    eq(d.tenantId, actor.tenantId), eq(d.webhookId, webhookId),
    after ? sql`(${d.createdAt}, ${d.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
  )).orderBy(desc(d.createdAt), desc(d.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
}

/**
 * Puts a delivery that failed for good back in the outbox with a fresh set of attempts, and queues the delivery job.
 * Only a failed one: a pending one is still being tried, a sent one would be a duplicate message.
 */
export async function resendWebhookDelivery(deps: AppDeps, actor: Actor, webhookId: string, deliveryId: string) {
  requirePermission(actor, 'admin.webhooks');
  return deps.db.transaction(async (tx) => {
    const d = webhookDeliveries;
    const [before] = await tx.select({ status: d.status }).from(d)
      .where(and(eq(d.tenantId, actor.tenantId), eq(d.webhookId, webhookId), eq(d.id, deliveryId))).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    if (before.status !== 'failed') throw new AppError('WEBHOOK_RESEND_INVALID', { status: before.status });
    const now = deps.clock.now();
    const [row] = await tx.update(d).set({ status: 'pending', attempts: 0, nextAttemptAt: now })
      .where(and(eq(d.tenantId, actor.tenantId), eq(d.id, deliveryId)))
      .returning({ id: d.id, status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt });
    await scheduleDelivery(tx, now, actor.tenantId);
    await recordAudit(tx, actor, {
      entity: 'webhook', entityId: webhookId, action: 'resend',
      changes: { delivery: { from: null, to: deliveryId }, status: { from: 'failed', to: 'pending' } },
    }, now);
    return row;
  });
}
