// Issue 3's crash test for the rescore run: a real worker process is killed (SIGKILL) part-way through rescoring
// 2,000 leads after a model change; after the restart the run finishes, no batch is half-applied and none runs twice.
// On PostgreSQL (TEST_DATABASE_URL) the test watches the job's progress and kills the worker from outside, possibly
// mid-transaction; on PGlite, which one process holds at a time, the worker kills itself after a few batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/server/db/client.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppDeps } from '../../src/server/deps.js';
import { defineJobKind, runDueJobs } from '../../src/server/jobs/runner.js';
import { jobs } from '../../src/server/jobs/jobs.schema.js';
import { leadTouches } from '../../src/server/modules/leads/leads.schema.js';
import { scoreLead, type ScoringModel, type Touch } from '../../src/server/modules/leads/leads.scoring.js';
import type { SourceType } from '../../src/server/modules/leads/leads.text.js';
import { activateScoringModel, createScoringModel } from '../../src/server/modules/leads/scoring-models.service.js';
import { createRescoreJobKind, RESCORE_JOB } from '../../src/server/modules/leads/rescore.job.js';
import { TEMPLATE_ENV, TestClock } from '../db.js';
import { buildWorkspace, storedLeads, type TestWorkspace } from '../factories.js';

const LEADS = 2000;
const BATCH = 100;
const databaseUrl = process.env.TEST_DATABASE_URL;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const clock = new TestClock();
const workerNow = clock.now();

let dataDir: string | undefined;
let database: Database;
let deps: AppDeps;

async function openDeps() {
  database = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 4 } : { dataDir });
  deps = { db: database.db, database, clock, config: loadConfig({ BATON_WEB_DIR: '/nonexistent' }) };
}

beforeAll(async () => {
  if (databaseUrl) return openDeps();
  // A data folder on disk, so a second process can open it; filled from the run's migrated template when there is one.
  dataDir = await mkdtemp(path.join(tmpdir(), 'baton-crash-'));
  const template = process.env[TEMPLATE_ENV];
  database = await openDatabase({ dataDir, loadDataDir: template ? new Blob([await readFile(template)]) : undefined });
  await migrateDatabase(database);
  await database.close();
  await openDeps();
});
afterAll(async () => {
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** 2,000 leads of varied profile and a touch on every third, in two statements. */
async function insertLeads(ws: TestWorkspace) {
  await deps.db.execute(sql`
    insert into leads (tenant_id, id, name, source_type, source, capture_method, industry, employee_size, title, status, created_at, updated_at)
    select ${ws.tenantId}::uuid, gen_random_uuid(), '批量线索' || i,
      case when i % 2 = 0 then 'active' else 'passive' end, case when i % 2 = 0 then 'consultation' else 'content_download' end, 'import',
      (array['C', 'I', 'F', null])[i % 4 + 1], (array['1-49', '100-499', '500-999', '5000+', null])[i % 5 + 1],
      (array['总经理', '采购经理', '工程师', null, null, null])[i % 6 + 1], 'nurturing', ${workerNow}, ${workerNow}
    from generate_series(1, ${LEADS}) as i`);
  // Every lead has its score row, as capture writes it; these still hold the score of no model at all.
  await deps.db.execute(sql`
    insert into lead_scores (tenant_id, lead_id, score, fit_score, engagement_score, scored_at)
    select tenant_id, id, 0, 0, 0, ${workerNow} from leads where tenant_id = ${ws.tenantId}`);
  await deps.db.execute(sql`
    insert into lead_touches (tenant_id, id, event_id, lead_id, type, occurred_at, created_at)
    select ${ws.tenantId}::uuid, gen_random_uuid(), 'seed-' || l.id, l.id,
      (array['demo_requested', 'content_downloaded', 'email_opened'])[l.n % 3 + 1], ${workerNow}::timestamptz - make_interval(days => (l.n % 20)::int), ${workerNow}
    from (select id, row_number() over (order by id) as n from leads where tenant_id = ${ws.tenantId}) l
    where l.n % 3 = 0`);
}

interface Worker { exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>; kill(): void }

function startWorker(ws: TestWorkspace, opts: { killAfterBatches: number; killAtStatement: number; pauseMs: number }): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/crash/rescore-child.ts')], {
    cwd: root,
    env: {
      ...process.env, CRASH_DATABASE_URL: databaseUrl ?? '', CRASH_DATA_DIR: dataDir ?? '', CRASH_TENANT_ID: ws.tenantId,
      CRASH_NOW: workerNow.toISOString(), CRASH_BATCH_SIZE: String(BATCH),
      CRASH_KILL_AFTER_BATCHES: String(opts.killAfterBatches), CRASH_KILL_AT_STATEMENT: String(opts.killAtStatement), CRASH_PAUSE_MS: String(opts.pauseMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  return {
    exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output }))),
    kill: () => child.kill('SIGKILL'),
  };
}

const rescoreJob = async (tenantId: string) =>
  (await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, RESCORE_JOB))))[0];

/** Runs the worker until it is killed with some batches, but not all, committed; returns how it died. */
async function crashWorker(ws: TestWorkspace): Promise<{ note: string; committedBatches?: number }> {
  if (!databaseUrl) {
    // PGlite: hand the data folder over, let the worker die by its own hand inside the 8th batch's transaction (before
    // a random one of its 9 statements: BEGIN, lock, pick ids, model, leads, touches, update leads, checkpoint, COMMIT),
    // take the folder back.
    await database.close();
    const killAtStatement = 2 + Math.floor(Math.random() * 8);
    const { signal, output } = await startWorker(ws, { killAfterBatches: 7, killAtStatement, pauseMs: 0 }).exit;
    expect(signal, output).toBe('SIGKILL');
    expect(output, output).toContain(`killed before statement ${killAtStatement}`);
    await openDeps();
    return { note: output.trim().split('\n').pop()!, committedBatches: 7 };
  }
  const worker = startWorker(ws, { killAfterBatches: 0, killAtStatement: 0, pauseMs: 15 });
  let exited = false;
  void worker.exit.then(() => { exited = true; });
  for (;;) {
    const job = await rescoreJob(ws.tenantId);
    if ((job.progress?.done ?? 0) >= 5 * BATCH) break;
    if (exited) throw new Error(`worker exited before it could be killed: ${(await worker.exit).output}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  worker.kill();
  const { signal, output } = await worker.exit;
  expect(signal, output).toBe('SIGKILL');
  return { note: `killed from outside after: ${output.trim().split('\n').pop()}` };
}

describe('a rescore run killed part-way', () => {
  it('resumes after a restart: every lead scored once by the new model, no batch half-applied or repeated', async () => {
    const ws = await buildWorkspace(deps);
    await insertLeads(ws);
    const draft = await createScoringModel(deps, ws.admin, {
      name: '崩溃测试模型', mqlThreshold: 50, halfLifeDays: 10, tierThresholds: { A: 70, B: 50, C: 30 },
      fitRules: [
        { id: 'mfg', when: { field: 'industry', in: ['C'] }, points: 30 },
        { id: 'big', when: { field: 'employeeSize', in: ['500-999', '5000+'] }, points: 12 },
        { id: 'boss', when: { field: 'title', pattern: '总经理' }, points: 9 },
        { id: 'inbound', when: { field: 'sourceType', in: ['active'] }, points: 7 },
      ],
    });
    const model: ScoringModel = { ...draft.definition, id: draft.id, version: draft.version };
    await activateScoringModel(deps, ws.admin, draft.id);

    const crash = await crashWorker(ws);

    // The state the crash left: whole batches only, the first ones in id order, and the checkpoint agrees.
    const crashed = await rescoreJob(ws.tenantId);
    expect(crashed.status, crash.note).toBe('running');
    const doneAtCrash = crashed.progress!.done;
    if (crash.committedBatches) expect(doneAtCrash, crash.note).toBe(crash.committedBatches * BATCH);
    expect(doneAtCrash % BATCH, crash.note).toBe(0);
    expect(doneAtCrash, crash.note).toBeGreaterThan(0);
    expect(doneAtCrash, crash.note).toBeLessThan(LEADS);
    const ids = await storedLeads(deps.db, ws.tenantId);
    expect(ids.map((r) => r.scoringModelId === draft.id), crash.note).toEqual(ids.map((_, i) => i < doneAtCrash));
    expect(crashed.checkpoint).toMatchObject({ lastId: ids[doneAtCrash - 1].id, done: doneAtCrash });

    // Restart: this process is now the worker, its clock past the dead worker's lease.
    let resumedBatches = 0;
    defineJobKind(RESCORE_JOB, createRescoreJobKind({ batchSize: BATCH, afterBatch: () => { resumedBatches += 1; } }));
    clock.advance(10 * 60_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    defineJobKind(RESCORE_JOB, createRescoreJobKind());

    const finished = await rescoreJob(ws.tenantId);
    expect(finished).toMatchObject({ status: 'done', attempts: 2, progress: { done: LEADS, total: LEADS } });
    expect(resumedBatches).toBe((LEADS - doneAtCrash) / BATCH);

    const rows = await storedLeads(deps.db, ws.tenantId);
    const touchRows = await deps.db.select().from(leadTouches).where(eq(leadTouches.tenantId, ws.tenantId));
    const touchesOf = new Map<string, Touch[]>();
    for (const t of touchRows) touchesOf.set(t.leadId!, [...(touchesOf.get(t.leadId!) ?? []), { type: t.type, occurredAt: t.occurredAt }]);
    rows.forEach((row, i) => {
      // Leads the dead worker scored keep its time: the resumed run did not score them again.
      expect(row.scoredAt).toEqual(i < doneAtCrash ? workerNow : clock.now());
      expect(row.scoringModelId).toBe(draft.id);
      const expected = scoreLead(model, { ...row, sourceType: row.sourceType as SourceType }, touchesOf.get(row.id) ?? [], row.scoredAt!);
      expect({ score: row.score, fit: row.fitScore, engagement: row.engagementScore, tier: row.tier, status: row.status })
        .toEqual({ score: expected.total, fit: expected.fit, engagement: expected.engagement, tier: expected.tier, status: expected.isMql ? 'mql' : 'nurturing' });
    });
    expect(new Set(rows.map((r) => r.tier)).size).toBeGreaterThan(2);
  }, 240_000);
});
