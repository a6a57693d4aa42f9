import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace, storedLeads } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { ensureRecurringJobs, runDueJobs } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import type { JobRow } from '../../jobs/runner.js';
import { notifications } from '../notifications/index.js';
import { DAY_MS, HOUR_MS } from './leads.text.js';
import { leadOwnership, leads } from './leads.schema.js';
import { routingRules } from './lead-rules.schema.js';
import { createPool, type CreatePoolInput } from './pools.service.js';
import { RECYCLE_JOB, runRecycleSweep } from './recycle.job.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

/** A workspace whose leads all go to one rep, and (unless pool is null) a default pool to recycle them to. */
async function setup(pool: Partial<CreatePoolInput> | null = {}) {
  const ws = await buildWorkspace(deps);
  const rep = await buildUser(deps, ws, 'sales_rep', { name: '王五' });
  await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '全给王五', conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'round_robin' } });
  const created = pool ? await createPool(deps, ws.admin, { name: '默认公海', isDefault: true, ...pool }) : null;
  return { ws, rep, pool: created };
}

async function sweep(ws: TestWorkspace) {
  await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
  await runDueJobs(deps, { tenantId: ws.tenantId });
}

const rowsOf = (ws: TestWorkspace, ids: string[]) => storedLeads(deps.db, ws.tenantId, ids);
const noticesOf = (ws: TestWorkspace, event: string) =>
  deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.event, event)));
const recycleRowsOf = (ws: TestWorkspace) =>
  deps.db.select().from(leadOwnership).where(and(eq(leadOwnership.tenantId, ws.tenantId), eq(leadOwnership.action, 'recycle')));

describe('the recycle sweep', () => {
  it('warns the owner once ahead of the due date, then recycles to the pool with a history row', async () => {
    const { ws, rep, pool } = await setup({ recycleRules: { notFirstTouchedDays: 5, warnDaysAhead: 2 } });
    const { id } = await buildLead(deps, ws.admin, { company: '回收测试科技有限公司' });
    const start = clock.now();

    clock.set(new Date(start.getTime() + 3.5 * DAY_MS));
    await sweep(ws);
    let [row] = await rowsOf(ws, [id]);
    expect(row.ownerId).toBe(rep.id);
    expect(row.recycleCheckAt?.getTime()).toBe(start.getTime() + 5 * DAY_MS);
    expect(row.recycleWarnedAt).not.toBeNull();
    const warned = await noticesOf(ws, 'lead.recycle_warning');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ userId: rep.id, entityId: id });
    expect(warned[0].body).toContain('5 天内未首次跟进');
    expect(warned[0].title).toMatch(/^线索即将收回：.+（回收测试科技有限公司）$/);

    clock.advance(2 * HOUR_MS);
    await sweep(ws);
    expect(await noticesOf(ws, 'lead.recycle_warning')).toHaveLength(1);

    clock.set(new Date(start.getTime() + 5 * DAY_MS + HOUR_MS));
    await sweep(ws);
    [row] = await rowsOf(ws, [id]);
    expect(row).toMatchObject({ ownerId: null, poolId: pool!.id, homePoolId: pool!.id, slaState: 'none', recycleCheckAt: null });
    const history = await recycleRowsOf(ws);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ leadId: id, fromOwnerId: rep.id, toPoolId: pool!.id, actorId: null });
    expect(history[0].reason).toContain('5 天内未首次跟进');
    const recycled = await noticesOf(ws, 'lead.recycled');
    expect(recycled.map((n) => n.userId)).toEqual([rep.id]);
    expect(recycled[0].title).toMatch(/^线索已收回公海：.+（回收测试科技有限公司）$/);

    clock.advance(2 * HOUR_MS);
    await sweep(ws);
    expect(await recycleRowsOf(ws)).toHaveLength(1);
    const done = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, RECYCLE_JOB), eq(jobs.status, 'done')));
    expect(done.length).toBeGreaterThanOrEqual(4);
  });

  it('applies the tier override and keeps locked and converted leads', async () => {
    const { ws, rep } = await setup({ recycleRules: { notFirstTouchedDays: 3, tierOverrides: { A: { notFirstTouchedDays: 10 } } } });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await buildLead(deps, ws.admin)).id);
    const [plain, tierA, locked, converted] = ids;
    await deps.db.update(leads).set({ tier: 'A' }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, tierA)));
    await deps.db.update(leads).set({ isLocked: true }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, locked)));
    await deps.db.update(leads).set({ status: 'converted' }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, converted)));

    clock.advance(5 * DAY_MS);
    await sweep(ws);
    const byId = new Map((await rowsOf(ws, ids)).map((r) => [r.id, r]));
    expect(byId.get(plain)!.ownerId).toBeNull();
    expect(byId.get(tierA)!.ownerId).toBe(rep.id);
    // Kept until three days before its own (10-day) due date.
    expect(byId.get(tierA)!.recycleCheckAt!.getTime()).toBe(byId.get(tierA)!.assignedAt!.getTime() + 7 * DAY_MS);
    for (const id of [locked, converted]) expect(byId.get(id)).toMatchObject({ ownerId: rep.id, recycleCheckAt: null });
    expect((await recycleRowsOf(ws)).map((h) => h.leadId)).toEqual([plain]);
  });

  it('leaves an SQL awaiting sales with its owner, looking again each day, and recycles it once it is accepted', async () => {
    const { ws, rep } = await setup({ recycleRules: { notFirstTouchedDays: 3 } });
    const { id } = await buildLead(deps, ws.admin);
    await deps.db.update(leads).set({ status: 'sql', handedOverAt: clock.now() }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, id)));

    clock.advance(5 * DAY_MS);
    await sweep(ws);
    const [kept] = await rowsOf(ws, [id]);
    expect(kept).toMatchObject({ ownerId: rep.id, status: 'sql' });
    expect(kept.recycleCheckAt!.getTime()).toBe(clock.now().getTime() + DAY_MS);
    expect(await recycleRowsOf(ws)).toHaveLength(0);

    // Accepted and still never touched: the rule applies again at the next look.
    await deps.db.update(leads).set({ acceptedAt: clock.now() }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, id)));
    clock.advance(DAY_MS);
    await sweep(ws);
    expect((await rowsOf(ws, [id]))[0].ownerId).toBeNull();
    expect((await recycleRowsOf(ws)).map((h) => h.leadId)).toEqual([id]);
  });

  it('stops checking leads when the workspace has no pool to recycle to', async () => {
    const { ws, rep } = await setup(null);
    const { id } = await buildLead(deps, ws.admin);
    clock.advance(40 * DAY_MS);
    await sweep(ws);
    const [row] = await rowsOf(ws, [id]);
    expect(row).toMatchObject({ ownerId: rep.id, recycleCheckAt: null });
    expect(await recycleRowsOf(ws)).toHaveLength(0);
  });

  it('leaves a lead alone when it changed after the sweep read it, and never recycles twice', async () => {
    const { ws } = await setup({ recycleRules: { notFirstTouchedDays: 3 } });
    const touched = (await buildLead(deps, ws.admin)).id;
    const due = (await buildLead(deps, ws.admin)).id;
    clock.advance(4 * DAY_MS);
    const ctx = { deps, tenantId: ws.tenantId, payload: {}, checkpoint: null, job: {} as JobRow, saveCheckpoint: async () => {} };
    // A first follow-up lands between the batch's read and its write: the guarded update must miss that lead.
    await runRecycleSweep(ctx, {
      async onBatchRead() {
        await deps.db.update(leads).set({ firstTouchedAt: clock.now() }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, touched)));
      },
    });
    const byId = new Map((await rowsOf(ws, [touched, due])).map((r) => [r.id, r]));
    expect(byId.get(touched)!.ownerId).not.toBeNull();
    expect(byId.get(due)!.ownerId).toBeNull();
    // The same run again (as after a crash between the last batch and the job's end) finds nothing left to do.
    await runRecycleSweep(ctx);
    expect((await recycleRowsOf(ws)).map((h) => h.leadId)).toEqual([due]);
    expect(await noticesOf(ws, 'lead.recycled')).toHaveLength(1);
  });
});
