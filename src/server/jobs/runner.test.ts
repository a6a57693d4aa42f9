import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../test/db.js';
import { buildWorkspace } from '../../../test/factories.js';
import { defineJobKind, defineRecurringJob, enqueueJob, ensureRecurringJobs, pruneFinishedJobs, runDueJobs } from './runner.js';
import { jobs } from './jobs.schema.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const ran: string[] = [];
let failuresLeft = 0;
defineJobKind('test.echo', { run: async (ctx) => { ran.push(String(ctx.payload.word)); } });
defineJobKind('test.flaky', {
  maxAttempts: 3,
  run: async () => {
    if (failuresLeft > 0) { failuresLeft -= 1; throw new Error('receiver down'); }
    ran.push('flaky ok');
  },
});
defineRecurringJob('test.tick', 60_000, { run: async () => { ran.push('tick'); } });

const jobsOf = async (tenantId: string, kind: string) =>
  deps.db.select().from(jobs).where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, kind)));

describe('job runner', () => {
  it('runs a job when it is due by the app clock, and a dedupe key keeps a second one out', async () => {
    const ws = await buildWorkspace(deps);
    const later = new Date(clock.now().getTime() + 60_000);
    expect(await enqueueJob(deps.db, clock.now(), ws.tenantId, 'test.echo', { word: 'hello' }, { runAt: later, dedupeKey: 'greet' })).not.toBeNull();
    expect(await enqueueJob(deps.db, clock.now(), ws.tenantId, 'test.echo', { word: 'again' }, { dedupeKey: 'greet' })).toBeNull();
    expect(await runDueJobs(deps, { tenantId: ws.tenantId })).toBe(0);
    clock.advance(60_000);
    expect(await runDueJobs(deps, { tenantId: ws.tenantId })).toBe(1);
    expect(ran).toContain('hello');
    expect((await jobsOf(ws.tenantId, 'test.echo'))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries a failing job with backoff and fails it for good after its last attempt', async () => {
    const ws = await buildWorkspace(deps);
    failuresLeft = 5;
    await enqueueJob(deps.db, clock.now(), ws.tenantId, 'test.flaky');
    await runDueJobs(deps, { tenantId: ws.tenantId });
    let [job] = await jobsOf(ws.tenantId, 'test.flaky');
    expect(job).toMatchObject({ status: 'queued', attempts: 1, lastError: 'receiver down' });
    expect(job.runAt.getTime()).toBe(clock.now().getTime() + 30_000);
    clock.advance(30_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    clock.advance(120_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    [job] = await jobsOf(ws.tenantId, 'test.flaky');
    expect(job).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('takes over a running job whose worker stopped renewing its lease', async () => {
    const ws = await buildWorkspace(deps);
    await enqueueJob(deps.db, clock.now(), ws.tenantId, 'test.echo', { word: 'orphan' });
    // A worker leased it and died: status running, lease in the future.
    await deps.db.update(jobs).set({ status: 'running', attempts: 1, leaseUntil: new Date(clock.now().getTime() + 120_000) }).where(eq(jobs.tenantId, ws.tenantId));
    expect(await runDueJobs(deps, { tenantId: ws.tenantId })).toBe(0);
    clock.advance(121_000);
    expect(await runDueJobs(deps, { tenantId: ws.tenantId })).toBe(1);
    expect((await jobsOf(ws.tenantId, 'test.echo'))[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('keeps one queued run of a recurring job per workspace and queues the next when one finishes; prunes old runs', async () => {
    const ws = await buildWorkspace(deps);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    expect((await jobsOf(ws.tenantId, 'test.tick')).filter((j) => j.status === 'queued')).toHaveLength(1);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const after = await jobsOf(ws.tenantId, 'test.tick');
    expect(after.map((j) => j.status).sort()).toEqual(['done', 'queued']);
    expect(after.find((j) => j.status === 'queued')!.runAt.getTime()).toBe(clock.now().getTime() + 60_000);
    clock.advance(8 * 24 * 3_600_000);
    await pruneFinishedJobs(deps.db, clock.now(), ws.tenantId);
    expect((await jobsOf(ws.tenantId, 'test.tick')).map((j) => j.status)).toEqual(['queued']);
  });
});
