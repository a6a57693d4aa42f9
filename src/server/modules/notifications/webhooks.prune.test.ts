import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildWorkspace } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { ensureRecurringJobs, runDueJobs } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { webhookDeliveries } from './notifications.schema.js';
import { PRUNE_JOB, pruneDeliveries } from './webhooks.prune.js';
import { createWebhook } from './webhooks.service.js';

const DAY = 24 * 60 * 60 * 1000;
const clock = new TestClock();
let deps: Awaited<ReturnType<typeof newTestDeps>>;
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

describe('webhooks.prune', () => {
  it('drops sent deliveries after 30 days and failed ones after 90, keeps pending ones and other workspaces', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    // Switched off, so the delivery job leaves the pending rows alone.
    const input = { name: '群', url: 'https://hooks.example.com/x', format: 'json' as const, events: ['lead.assigned' as const], isEnabled: false };
    const hook = await createWebhook(deps, ws.admin, input);
    const otherHook = await createWebhook(deps, other.admin, input);
    const now = clock.now().getTime();
    const row = (tenantId: string, webhookId: string, status: 'pending' | 'sent' | 'failed', ageDays: number) => {
      const at = new Date(now - ageDays * DAY);
      return { tenantId, id: newId(), webhookId, event: 'lead.assigned', payload: { title: `${status} ${ageDays}` }, status, attempts: 1, nextAttemptAt: at, createdAt: at };
    };
    await deps.db.insert(webhookDeliveries).values([
      row(ws.tenantId, hook.id, 'sent', 31), row(ws.tenantId, hook.id, 'sent', 29),
      row(ws.tenantId, hook.id, 'failed', 91), row(ws.tenantId, hook.id, 'failed', 60),
      row(ws.tenantId, hook.id, 'pending', 200),
      row(other.tenantId, otherHook.id, 'sent', 31),
    ]);

    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const left = await deps.db.select({ title: webhookDeliveries.payload }).from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, ws.tenantId));
    expect(left.map((r) => (r.title as { title: string }).title).sort()).toEqual(['failed 60', 'pending 200', 'sent 29']);
    expect(await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, other.tenantId))).toHaveLength(1);
    const [next] = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, PRUNE_JOB), eq(jobs.status, 'queued')));
    expect(next.runAt.getTime()).toBe(now + DAY);
  });

  it('works through more rows than one statement takes', async () => {
    const ws = await buildWorkspace(deps);
    const hook = await createWebhook(deps, ws.admin, { name: '群', url: 'https://hooks.example.com/y', format: 'json', events: ['lead.assigned'], isEnabled: false });
    const old = new Date(clock.now().getTime() - 40 * DAY);
    await deps.db.insert(webhookDeliveries).values(Array.from({ length: 25 }, () => ({
      tenantId: ws.tenantId, id: newId(), webhookId: hook.id, event: 'lead.assigned', payload: {}, status: 'sent', attempts: 1, nextAttemptAt: old, createdAt: old,
    })));
    expect(await pruneDeliveries(deps, ws.tenantId, 10)).toBe(25);
    expect(await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, ws.tenantId))).toHaveLength(0);
  });
});
