import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildWorkspace, storedLeads } from '../../../../test/factories.js';
import { defineJobKind, defineRecurringJob, ensureRecurringJobs, runDueJobs } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { DAY_MS } from './leads.text.js';
import { activateScoringModel, createScoringModel } from './scoring-models.service.js';
import { recordTouches } from './touches.service.js';
import { createDecayJobKind, createRescoreJobKind, DECAY_JOB, RESCORE_JOB } from './rescore.job.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => {
  defineJobKind(RESCORE_JOB, createRescoreJobKind());
  defineRecurringJob(DECAY_JOB, DAY_MS, createDecayJobKind());
  await deps.close();
});

const leadsOf = (tenantId: string) => storedLeads(deps.db, tenantId);
const jobOf = async (tenantId: string, kind: string) =>
  (await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, kind))).orderBy(jobs.createdAt))[0];

describe('the rescore run', () => {
  it('resumes after a failed batch from its checkpoint, applying every batch exactly once', async () => {
    const ws = await buildWorkspace(deps);
    for (let i = 0; i < 10; i++) await buildLead(deps, ws.admin);
    const draft = await createScoringModel(deps, ws.admin, { fitRules: [{ id: 'all-active', when: { field: 'sourceType', in: ['active'] }, points: 33 }] });
    await activateScoringModel(deps, ws.admin, draft.id);

    let failAfter = 2;
    defineJobKind(RESCORE_JOB, createRescoreJobKind({
      batchSize: 3,
      afterBatch: (p) => { if (p.batches === failAfter) throw new Error('worker lost'); },
    }));
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const failed = await jobOf(ws.tenantId, RESCORE_JOB);
    expect(failed).toMatchObject({ status: 'queued', lastError: 'worker lost', progress: { done: 6, total: 10 } });
    const half = await leadsOf(ws.tenantId);
    // Exactly the first two batches, in id order, carry the new model; nothing of the third.
    expect(half.map((r) => r.scoringModelId === draft.id)).toEqual([...Array(6).fill(true), ...Array(4).fill(false)]);

    failAfter = -1;
    clock.advance(60_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(await jobOf(ws.tenantId, RESCORE_JOB)).toMatchObject({ status: 'done', progress: { done: 10, total: 10 }, attempts: 2 });
    const rows = await leadsOf(ws.tenantId);
    // 33 from the one fit rule + 20 for the capture's 咨询 touch, scored by the new model.
    expect(rows.every((r) => r.scoringModelId === draft.id && r.fitScore === 33 && r.engagementScore === 20 && r.score === 53)).toBe(true);
  });
});

describe('the daily decay run', () => {
  it('lowers engagement as touches age, a lead that faded falls back from MQL, and leads without engagement are left alone', async () => {
    const ws = await buildWorkspace(deps);
    const latestDecay = async () => (await deps.db.select().from(jobs)
      .where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, DECAY_JOB), eq(jobs.status, 'done'))).orderBy(desc(jobs.finishedAt)))[0];
    // A lead whose capture touch (5 points) has faded to nothing after 60 days: the first run scores it 0 engagement.
    const quiet = await buildLead(deps, ws.admin, { source: 'event_signup' });
    clock.advance(60 * DAY_MS);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const quietScoredAt = clock.now();
    expect((await leadsOf(ws.tenantId)).find((r) => r.id === quiet.id)).toMatchObject({ engagementScore: 0, scoredAt: quietScoredAt });

    const lead = await buildLead(deps, ws.admin, { industry: 'C', employeeSize: '500-999', source: 'event_signup' });
    await recordTouches(deps, ws.admin, [{ eventId: 'demo', type: 'demo_requested', occurredAt: clock.now().toISOString(), leadId: lead.id }]);
    expect((await leadsOf(ws.tenantId)).find((r) => r.id === lead.id)).toMatchObject({ engagementScore: 30, score: 68, status: 'mql' });

    // The next daily run is already queued; 30 days on it is due.
    clock.advance(30 * DAY_MS);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const rows = await leadsOf(ws.tenantId);
    // (5 + 25) × 0.5^(30/14) ≈ 6.8
    expect(rows.find((r) => r.id === lead.id)).toMatchObject({ engagementScore: 7, score: 45, status: 'nurturing', tier: 'C', scoredAt: clock.now() });
    expect(rows.find((r) => r.id === quiet.id)!.scoredAt).toEqual(quietScoredAt);
    expect(await latestDecay()).toMatchObject({ progress: { done: 1, total: 1 } });
    const next = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, DECAY_JOB), eq(jobs.status, 'queued')));
    expect(next[0].runAt).toEqual(new Date(clock.now().getTime() + DAY_MS));
  });
});

describe('the daily decay run over many batches', () => {
  it('visits exactly the engaged leads, each once, however they interleave with faded ones', async () => {
    const ws = await buildWorkspace(deps);
    const made = [];
    for (let i = 0; i < 8; i++) made.push(await buildLead(deps, ws.admin, { source: 'event_signup' }));
    // 60 days on every capture touch has faded to 0 engagement; then every other lead (in id order) asks for a demo.
    clock.advance(60 * DAY_MS);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const engaged = made.filter((_, k) => k % 2 === 1);
    await recordTouches(deps, ws.admin, engaged.map((l) => ({ eventId: `demo-${l.id}`, type: 'demo_requested', occurredAt: clock.now().toISOString(), leadId: l.id })));
    const fadedAt = new Map((await leadsOf(ws.tenantId)).map((r) => [r.id, r.scoredAt]));

    const visited: string[] = [];
    defineRecurringJob(DECAY_JOB, DAY_MS, createDecayJobKind({ batchSize: 1, afterBatch: (p) => { visited.push(p.lastId); } }));
    clock.advance(30 * DAY_MS);
    await runDueJobs(deps, { tenantId: ws.tenantId });

    expect(visited).toEqual(engaged.map((l) => l.id).sort());
    const rows = await leadsOf(ws.tenantId);
    // 25 × 0.5^(30/14) + the faded capture touch ≈ 5.7
    for (const l of engaged) expect(rows.find((r) => r.id === l.id)).toMatchObject({ engagementScore: 6, scoredAt: clock.now() });
    for (const l of made.filter((_, k) => k % 2 === 0)) expect(rows.find((r) => r.id === l.id)!.scoredAt).toEqual(fadedAt.get(l.id));
    const [run] = await deps.db.select().from(jobs)
      .where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, DECAY_JOB), eq(jobs.status, 'done'))).orderBy(desc(jobs.finishedAt)).limit(1);
    expect(run.progress).toEqual({ done: 4, total: 4 });
  });
});
