import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { notifications, webhookDeliveries } from './notifications.schema.js';
import { listMyNotifications, notify, notifyMany, type NotificationInput } from './notifications.service.js';
import { DELIVER_JOB } from './webhooks.deliver.js';
import { createWebhook } from './webhooks.service.js';

const clock = new TestClock();
let deps: Awaited<ReturnType<typeof newTestDeps>>;
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const assigned = (userIds: string[], over: Partial<NotificationInput> = {}): NotificationInput => ({
  event: 'lead.assigned', userIds, title: '新线索分配给你', titleEn: 'A new lead is yours', body: '杭州云栈 · A 级', bodyEn: 'Hangzhou Yunzhan · tier A',
  entityType: 'lead', entityId: newId(), ...over,
});

async function deliveriesOf(tenantId: string) {
  return deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, tenantId));
}

async function deliverJobsOf(tenantId: string) {
  return deps.db.select().from(jobs).where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, DELIVER_JOB)));
}

async function hook(ws: TestWorkspace, events: NotificationInput['event'][], isEnabled = true) {
  return createWebhook(deps, ws.admin, { name: `hook ${events.join(',')}`, url: 'http://127.0.0.1:9/hook', format: 'json', events, isEnabled });
}

describe('notify', () => {
  it('writes one notification per user, and a sweep that runs twice notifies once', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const b = await buildUser(deps, ws, 'sales_rep');
    await hook(ws, ['lead.sla_warning']);
    const n = assigned([a.id, b.id, a.id], { event: 'lead.sla_warning', dedupeKey: 'sla-warn:lead-1' });
    const first = await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, n));
    const second = await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, n));
    expect(first).toEqual({ notified: 2, deliveries: 1 });
    expect(second).toEqual({ notified: 0, deliveries: 0 });
    const rows = await deps.db.select().from(notifications).where(eq(notifications.tenantId, ws.tenantId));
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual([`sla-warn:lead-1:${a.id}`, `sla-warn:lead-1:${b.id}`].sort());
    expect(await deliveriesOf(ws.tenantId)).toHaveLength(1);
  });

  it('notifies again for an event without a dedupe key', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, assigned([a.id])));
    await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, assigned([a.id])));
    const page = await listMyNotifications(deps, a.actor, { limit: 10 });
    expect(page.items).toHaveLength(2);
    expect(page.unreadCount).toBe(2);
  });

  it('writes outbox rows only for enabled webhooks subscribed to the event, and queues the delivery job once', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const subscribed = await hook(ws, ['lead.assigned', 'lead.recycled']);
    await hook(ws, ['lead.assigned'], false);
    await hook(ws, ['lead.sla_breached']);
    const other = await buildWorkspace(deps);
    await hook(other, ['lead.assigned']);

    await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, assigned([a.id], { data: { link: 'https://baton.example.com/leads/1', tier: 'A' } })));
    await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, assigned([a.id])));
    const rows = await deliveriesOf(ws.tenantId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.webhookId === subscribed.id && r.status === 'pending' && r.attempts === 0)).toBe(true);
    expect(rows[0].nextAttemptAt.getTime()).toBe(clock.now().getTime());
    const withLink = rows.find((r) => (r.payload as { link?: string }).link);
    expect(withLink?.payload).toMatchObject({ title: '新线索分配给你', titleEn: 'A new lead is yours', link: 'https://baton.example.com/leads/1', data: { tier: 'A' } });
    const queued = await deliverJobsOf(ws.tenantId);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: 'queued', dedupeKey: DELIVER_JOB });
    expect(await deliveriesOf(other.tenantId)).toHaveLength(0);
  });

  it('writes no outbox rows and queues no job when no webhook listens', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    await hook(ws, ['lead.recycled']);
    const r = await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, assigned([a.id])));
    expect(r).toEqual({ notified: 1, deliveries: 0 });
    expect(await deliverJobsOf(ws.tenantId)).toHaveLength(0);
  });

  it('rolls back with the caller’s transaction', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    await hook(ws, ['lead.assigned']);
    await expect(deps.db.transaction(async (tx) => {
      await notify(tx, clock.now(), ws.tenantId, assigned([a.id]));
      throw new Error('the assignment failed');
    })).rejects.toThrow('the assignment failed');
    expect(await deps.db.select().from(notifications).where(eq(notifications.tenantId, ws.tenantId))).toHaveLength(0);
    expect(await deliveriesOf(ws.tenantId)).toHaveLength(0);
    expect(await deliverJobsOf(ws.tenantId)).toHaveLength(0);
  });

  it('takes a burst of thousands in a few statements, deduplicating within the burst and against earlier runs', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const b = await buildUser(deps, ws, 'sales_manager');
    await hook(ws, ['lead.recycle_warning']);
    const burst = Array.from({ length: 3000 }, (_, i) => assigned([a.id, b.id], { event: 'lead.recycle_warning', dedupeKey: `recycle-warn:${i % 2500}` }));
    const first = await deps.db.transaction((tx) => notifyMany(tx, clock.now(), ws.tenantId, burst));
    expect(first).toEqual({ notified: 5000, deliveries: 2500 });
    const again = await deps.db.transaction((tx) => notifyMany(tx, clock.now(), ws.tenantId, burst.slice(2000)));
    expect(again).toEqual({ notified: 0, deliveries: 0 });
    expect(await deliveriesOf(ws.tenantId)).toHaveLength(2500);
  });
});
