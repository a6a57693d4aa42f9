import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { startReceiver, type Receiver } from '../../../../test/receiver.js';
import { newId } from '../../db/ids.js';
import { ensureRecurringJobs, runDueJobs } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { notifications } from '../notifications/index.js';
import { webhookDeliveries } from '../notifications/notifications.schema.js';
import { createWebhook } from '../notifications/webhooks.service.js';
import { LogFollowUpInput } from '../../../shared/lead-contracts.js';
import { routingRules } from './lead-rules.schema.js';
import { leads } from './leads.schema.js';
import { HOUR_MS } from './leads.text.js';
import { logFollowUp } from './follow-ups.service.js';
import { updateLeadSettings } from './lead-settings.service.js';
import { SLA_JOB, SLA_SWEEP_EVERY_MS } from './sla.job.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let receiver: Receiver;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); receiver = await startReceiver(); });
afterAll(async () => { await receiver.close(); await deps.close(); });

const policy = (hours: number) => ({ slaPolicy: { firstTouchHours: { A: hours, B: hours, C: hours, D: hours }, warningHours: 4 }, conflictProtectionDays: 7, defaultCapacity: 200, timeZone: 'Asia/Shanghai' });

async function stateOf(ws: TestWorkspace, id: string) {
  const [row] = await deps.db.select({ slaState: leads.slaState }).from(leads).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, id)));
  return row.slaState;
}
async function noticesOf(ws: TestWorkspace, event: string) {
  return deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.event, event)));
}
async function sweep(ws: TestWorkspace) {
  await runDueJobs(deps, { tenantId: ws.tenantId });
}

describe('the first-touch SLA sweep', () => {
  it('reminds the owner of an SLA shorter than the reminder lead time on the first sweep after assignment', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '全部', conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'round_robin' } });
    await updateLeadSettings(deps, ws.admin, { ...policy(1), version: 0 });
    const urgent = await buildLead(deps, ws.admin, { company: '一小时科技有限公司' });
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    clock.advance(SLA_SWEEP_EVERY_MS);
    await sweep(ws);
    expect(await stateOf(ws, urgent.id)).toBe('warning');
    expect((await noticesOf(ws, 'lead.sla_warning')).map((n) => [n.userId, n.entityId])).toEqual([[rep.id, urgent.id]]);
  });

  it('reminds the owner before the deadline and escalates to the manager on breach, once each', async () => {
    const ws = await buildWorkspace(deps);
    const manager = await buildUser(deps, ws, 'sales_manager', { name: '王经理' });
    const rep = await buildUser(deps, ws, 'sales_rep', { name: '小李', managerId: manager.id });
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '全部', conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'round_robin' } });
    await updateLeadSettings(deps, ws.admin, { ...policy(24), version: 0 });
    const robot = await createWebhook(deps, ws.admin, { name: '销售群', url: receiver.url, format: 'wecom', events: ['lead.sla_breached'], isEnabled: true });
    const slow = await buildLead(deps, ws.admin, { company: '超时科技有限公司' });
    const quick = await buildLead(deps, ws.admin);
    // Changing the policy later does not move the deadline already given.
    await updateLeadSettings(deps, ws.admin, { ...policy(72), version: 1 });
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await sweep(ws);
    expect(await stateOf(ws, slow.id)).toBe('on_track');

    clock.advance(2 * HOUR_MS);
    await logFollowUp(deps, rep.actor, quick.id, LogFollowUpInput.parse({ method: 'call', content: '已电话联系' }));
    expect(await stateOf(ws, quick.id)).toBe('met');

    clock.advance(18 * HOUR_MS);
    await sweep(ws);
    expect(await stateOf(ws, slow.id)).toBe('warning');
    const warned = await noticesOf(ws, 'lead.sla_warning');
    expect(warned.map((n) => n.userId)).toEqual([rep.id]);
    expect(warned[0].title).toContain('超时科技有限公司');
    expect(warned[0].body).toContain('还剩约 4 小时');

    clock.advance(SLA_SWEEP_EVERY_MS);
    await sweep(ws);
    expect(await noticesOf(ws, 'lead.sla_warning')).toHaveLength(1);

    clock.advance(4 * HOUR_MS);
    await sweep(ws);
    expect(await stateOf(ws, slow.id)).toBe('breached');
    const breached = await noticesOf(ws, 'lead.sla_breached');
    expect(breached.map((n) => n.userId).sort()).toEqual([rep.id, manager.id].sort());
    expect(breached.find((n) => n.userId === manager.id)!.title).toContain('小李');
    expect(breached.find((n) => n.userId === rep.id)!.body).toContain('已升级给上级经理');
    expect(await stateOf(ws, quick.id)).toBe('met');
    // The group hears of the breach once, in the manager's words, which name the owner, and the message names the manager.
    const told = await deps.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, ws.tenantId), eq(webhookDeliveries.webhookId, robot.id)));
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({ title: expect.stringContaining('小李'), recipients: [{ id: manager.id, name: '王经理' }] });

    clock.advance(SLA_SWEEP_EVERY_MS);
    await sweep(ws);
    expect(await noticesOf(ws, 'lead.sla_breached')).toHaveLength(2);
    const queued = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, SLA_JOB), eq(jobs.status, 'queued')));
    expect(queued).toHaveLength(1);
  });

  it('goes straight to breached when a sweep comes after the deadline, and says when there is no manager', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    await updateLeadSettings(deps, ws.admin, { ...policy(2), version: 0 });
    const lead = await buildLead(deps, rep.actor, { assignToMe: true });
    clock.advance(3 * HOUR_MS);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await sweep(ws);
    expect(await stateOf(ws, lead.id)).toBe('breached');
    expect(await noticesOf(ws, 'lead.sla_warning')).toHaveLength(0);
    const [note] = await noticesOf(ws, 'lead.sla_breached');
    expect(note.body).toContain('负责人无上级可升级');
  });

  it('handles many due leads over several batches', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    await updateLeadSettings(deps, ws.admin, { ...policy(1), version: 0 });
    for (let i = 0; i < 5; i++) await buildLead(deps, rep.actor, { assignToMe: true });
    clock.advance(2 * HOUR_MS);
    const { runSlaSweep } = await import('./sla.job.js');
    const saved: unknown[] = [];
    const ctx = {
      deps, tenantId: ws.tenantId, job: {} as never, payload: {}, checkpoint: null,
      async saveCheckpoint(_tx: unknown, cp: Record<string, unknown>) { saved.push(cp); },
    };
    const result = await runSlaSweep(ctx, { batchSize: 2 });
    expect(result).toMatchObject({ checked: 5, breached: 5, warned: 0 });
    expect(saved).toHaveLength(3);
    // A second worker running the same sweep finds nothing left to change and tells nobody again.
    const again = await runSlaSweep({ ...ctx, checkpoint: null }, { batchSize: 2 });
    expect(again).toMatchObject({ checked: 0, breached: 0 });
    expect(await noticesOf(ws, 'lead.sla_breached')).toHaveLength(5);
  });
});
