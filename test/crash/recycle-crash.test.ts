// Issue 3's crash test for the recycle sweep: a real worker process SIGKILLs itself inside a batch's transaction
// part-way through a pass; after the restart (clock past the lease) the run finishes. Every due lead is recycled
// exactly once, no lead is half-moved, no notification is doubled, and leads not yet due are only re-scheduled.
// On PGlite, which one process holds at a time, the parent closes its data folder while the worker runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../../src/server/db/client.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppDeps } from '../../src/server/deps.js';
import { ensureRecurringJobs, runDueJobs } from '../../src/server/jobs/runner.js';
import { jobs } from '../../src/server/jobs/jobs.schema.js';
import { DAY_MS } from '../../src/server/modules/leads/leads.text.js';
import { createPool } from '../../src/server/modules/leads/pools.service.js';
import { RECYCLE_JOB } from '../../src/server/modules/leads/recycle.job.js';
import { TEMPLATE_ENV, TestClock } from '../db.js';
import { buildUser, buildWorkspace } from '../factories.js';

const DUE = 150;
const KEPT = 30;
/** Every sixth lead is one of the KEPT, so batches mix both kinds. */
const isKept = (i: number) => i % 6 === 0;
const BATCH = 20;
const KILL_IN_BATCH = 4;
const databaseUrl = process.env.TEST_DATABASE_URL;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const clock = new TestClock();

let dataDir: string | undefined;
let database: Database;
let deps: AppDeps;

async function openDeps(first = false) {
  if (databaseUrl) database = await openDatabase({ databaseUrl, poolSize: 4 });
  else {
    const template = first && process.env[TEMPLATE_ENV] ? new Blob([await readFile(process.env[TEMPLATE_ENV]!)]) : undefined;
    database = await openDatabase({ dataDir, loadDataDir: template });
    if (first && !template) await migrateDatabase(database);
  }
  deps = { db: database.db, database, clock, config: loadConfig({ BATON_WEB_DIR: '/nonexistent' }) };
}

beforeAll(async () => {
  if (!databaseUrl) dataDir = await mkdtemp(path.join(tmpdir(), 'baton-recycle-crash-'));
  await openDeps(true);
});
afterAll(async () => {
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function runWorker(tenantId: string, now: Date) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/crash/recycle-child.ts')], {
    cwd: root,
    env: {
      ...process.env, CRASH_DATABASE_URL: databaseUrl ?? '', CRASH_DATA_DIR: dataDir ?? '', CRASH_TENANT_ID: tenantId,
      CRASH_NOW: now.toISOString(), CRASH_BATCH_SIZE: String(BATCH), CRASH_KILL_IN_BATCH: String(KILL_IN_BATCH),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  return new Promise<{ signal: NodeJS.Signals | null; output: string }>((resolve) => child.on('exit', (_code, signal) => resolve({ signal, output })));
}

describe('a recycle pass killed part-way', () => {
  it('finishes after the restart with every due lead recycled exactly once', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep', { name: '被回收的销售' });
    const pool = await createPool(deps, ws.admin, { name: '回收公海', isDefault: true, recycleRules: { notFirstTouchedDays: 3, warnDaysAhead: 1 } });
    const start = clock.now();
    // DUE leads owned for 10 days, never touched; KEPT leads owned for a day (checked now, kept for later).
    await deps.db.execute(sql`
      insert into leads (tenant_id, id, name, source_type, source, capture_method, status, tier, owner_id, assigned_at, sla_state, created_at, updated_at)
      select ${ws.tenantId}::uuid, gen_random_uuid(), '回收线索' || i, 'active', 'consultation', 'manual', 'new', 'C', ${rep.id}::uuid,
        case when i % 6 <> 0 then ${new Date(start.getTime() - 10 * DAY_MS).toISOString()}::timestamptz else ${new Date(start.getTime() - DAY_MS).toISOString()}::timestamptz end,
        'none', ${start.toISOString()}::timestamptz, ${start.toISOString()}::timestamptz
      from generate_series(1, ${DUE + KEPT}) as i`);
    // Each one's recycle check came due a day ago, a second apart.
    await deps.db.execute(sql`
      insert into lead_recycle_checks (tenant_id, lead_id, check_at)
      select tenant_id, id, ${new Date(start.getTime() - DAY_MS).toISOString()}::timestamptz - make_interval(secs => substr(name, 5)::int)
      from leads where tenant_id = ${ws.tenantId}`);
    await ensureRecurringJobs(deps.db, start, ws.tenantId);

    if (!databaseUrl) await database.close();
    const worker = await runWorker(ws.tenantId, start);
    expect(worker.signal, worker.output).toBe('SIGKILL');
    expect(worker.output).toContain(`batch ${KILL_IN_BATCH} written`);
    if (!databaseUrl) await openDeps();

    // Half-way: exactly the committed batches are applied, the killed one not at all.
    const recycledSoFar = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from leads where tenant_id = ${ws.tenantId} and owner_id is null`);
    const historySoFar = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from lead_ownership where tenant_id = ${ws.tenantId} and action = 'recycle'`);
    const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, RECYCLE_JOB)));
    expect(job.status).toBe('running');
    expect(job.checkpoint).toMatchObject({ checked: (KILL_IN_BATCH - 1) * BATCH });
    const committed = (job.checkpoint as { recycled: number }).recycled;
    expect(committed).toBeGreaterThan(0);
    expect(recycledSoFar[0].n).toBe(committed);
    expect(historySoFar[0].n).toBe(committed);

    clock.advance(10 * 60_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });

    const leadsNow = await queryRows<{ id: string; name: string; owner_id: string | null; pool_id: string | null; recycle_check_at: string | null; history: number; notices: number }>(deps.db, sql`
      select l.id, l.name, l.owner_id, l.pool_id, (select c.check_at from lead_recycle_checks c where c.tenant_id = l.tenant_id and c.lead_id = l.id) as recycle_check_at,
        (select count(*)::int from lead_ownership o where o.tenant_id = l.tenant_id and o.lead_id = l.id and o.action = 'recycle') as history,
        (select count(*)::int from notifications n where n.tenant_id = l.tenant_id and n.entity_id = l.id and n.event = 'lead.recycled') as notices
      from leads l where l.tenant_id = ${ws.tenantId}`);
    const due = leadsNow.filter((l) => !isKept(Number(l.name.slice(4))));
    const kept = leadsNow.filter((l) => isKept(Number(l.name.slice(4))));
    expect(due).toHaveLength(DUE);
    expect(kept).toHaveLength(KEPT);
    for (const l of due) expect(l, l.name).toMatchObject({ owner_id: null, pool_id: pool.id, recycle_check_at: null, history: 1, notices: 1 });
    for (const l of kept) {
      expect(l, l.name).toMatchObject({ owner_id: rep.id, pool_id: null, history: 0, notices: 0 });
      expect(l.recycle_check_at).not.toBeNull();
    }
    // No lead anywhere is half-moved: no owner exactly when in a pool, and a recycle row exactly then.
    for (const l of leadsNow) expect(l.owner_id === null, l.name).toBe(l.pool_id !== null && l.history === 1);

    const [finished] = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.id, job.id)));
    expect(finished).toMatchObject({ status: 'done', attempts: 2 });
    expect(finished.checkpoint).toMatchObject({ recycled: DUE, checked: DUE + KEPT });
    const next = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, RECYCLE_JOB), eq(jobs.status, 'queued')));
    expect(next).toHaveLength(1);
  });
});
