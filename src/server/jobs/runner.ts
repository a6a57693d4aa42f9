// The durable job runner. Jobs are rows in `jobs`, due by the app's clock (so a test clock drives SLA breaches and
// recycling exactly as time would), leased by one worker at a time with FOR UPDATE SKIP LOCKED, and resumed from
// their checkpoint when a worker dies. Same code on PGlite and PostgreSQL.
// Why not pg-boss: it schedules by the database's clock, which a test cannot move, and its multi-statement
// maintenance SQL does not run through PGlite's single-statement query path.
import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { queryRows, type Queryable, type Tx } from '../db/client.js';
import { newId } from '../db/ids.js';
import { jobs } from './jobs.schema.js';

export type JobRow = typeof jobs.$inferSelect;

export interface JobContext {
  deps: AppDeps;
  job: JobRow;
  tenantId: string;
  payload: Record<string, unknown>;
  /** Where the last run stopped, or null on the first run. */
  checkpoint: Record<string, unknown> | null;
  /**
   * Records progress inside the caller's transaction, so the work of a batch and the note that it is done commit
   * together: after a crash the batch is either applied and recorded, or neither. Also extends the lease.
   */
  saveCheckpoint(tx: Tx, checkpoint: Record<string, unknown>, progress?: { done: number; total?: number }): Promise<void>;
}

export interface JobOutcome {
  /** Queue the next run of a recurring job, in the transaction that finishes this one. */
  next?: { runAt: Date; payload?: Record<string, unknown> };
}

export interface JobKind {
  run(ctx: JobContext): Promise<JobOutcome | void>;
  /** How long a worker may hold the job between checkpoints before another worker assumes it died. */
  leaseSeconds?: number;
  maxAttempts?: number;
}

const kinds = new Map<string, JobKind>();

/** Makes a job kind runnable; modules register theirs at import time. */
export function defineJobKind(name: string, kind: JobKind): void {
  kinds.set(name, kind);
}

const recurring = new Map<string, number>();

/**
 * Makes a job kind recurring: every workspace gets one queued run (dedupe key = the kind), and each run queues the
 * next one `everyMs` later in the transaction that finishes it. ensureRecurringJobs() fills in missing runs.
 */
export function defineRecurringJob(name: string, everyMs: number, kind: JobKind): void {
  kinds.set(name, {
    ...kind,
    async run(ctx) {
      const outcome = await kind.run(ctx);
      return { next: { runAt: new Date(ctx.deps.clock.now().getTime() + everyMs) }, ...outcome };
    },
  });
  recurring.set(name, everyMs);
}

/** Queues the recurring jobs any workspace is missing (a new workspace, or a run that failed for good). */
export async function ensureRecurringJobs(db: Queryable, now: Date, tenantId?: string): Promise<void> {
  for (const name of recurring.keys()) {
    // Across tenants on purpose when no tenant is given: one statement seeds every workspace.
    await db.execute(sql`
      insert into jobs (tenant_id, id, kind, payload, dedupe_key, status, run_at, attempts, created_at)
      select t.tenant_id, gen_random_uuid(), ${name}, '{}'::jsonb, ${name}, 'queued', ${now}, 0, ${now}
      from tenants t where ${tenantId ? sql`t.tenant_id = ${tenantId}` : sql`true`}
      on conflict do nothing`);
  }
}

export interface EnqueueOptions { runAt?: Date; dedupeKey?: string }

/** Queues a job; with a dedupe key, does nothing (and returns null) while one with the same key is queued or running. */
export async function enqueueJob(db: Queryable, now: Date, tenantId: string, kind: string, payload: Record<string, unknown> = {}, opts: EnqueueOptions = {}): Promise<string | null> {
  const id = newId();
  const rows = await db.insert(jobs).values({
    tenantId, id, kind, payload, dedupeKey: opts.dedupeKey ?? null, runAt: opts.runAt ?? now, createdAt: now,
  }).onConflictDoNothing().returning({ id: jobs.id });
  return rows.length ? id : null;
}

const DEFAULT_LEASE_SECONDS = 120;
const DEFAULT_MAX_ATTEMPTS = 5;

/** Leases the next due job, or a running one whose worker's lease ran out. */
async function leaseNextJob(deps: AppDeps, now: Date, tenantId?: string): Promise<JobRow | null> {
  const tenantFilter = tenantId ? sql`and tenant_id = ${tenantId}` : sql``;
  // Across tenants by design when tenantId is not given: the worker serves every workspace. The lease is short and
  // provisional; each kind's own lease is applied right after.
  const hit = await queryRows<{ tenant_id: string; id: string }>(deps.db, sql`
    update jobs set status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ${now}),
      lease_until = ${new Date(now.getTime() + DEFAULT_LEASE_SECONDS * 1000)}
    where (tenant_id, id) = (
      select tenant_id, id from jobs
      where ((status = 'queued' and run_at <= ${now}) or (status = 'running' and lease_until < ${now})) ${tenantFilter}
      order by run_at limit 1 for update skip locked)
    returning tenant_id, id`);
  if (!hit.length) return null;
  const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, hit[0].tenant_id), eq(jobs.id, hit[0].id)));
  return job ?? null;
}

function leaseFor(kind: JobKind | undefined, now: Date) {
  return new Date(now.getTime() + (kind?.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000);
}

/** Runs one leased job to completion or failure. */
async function runJob(deps: AppDeps, job: JobRow): Promise<void> {
  const kind = kinds.get(job.kind);
  const key = and(eq(jobs.tenantId, job.tenantId), eq(jobs.id, job.id));
  if (!kind) {
    await deps.db.update(jobs).set({ status: 'failed', lastError: `unknown job kind ${job.kind}`, finishedAt: deps.clock.now() }).where(key);
    return;
  }
  await deps.db.update(jobs).set({ leaseUntil: leaseFor(kind, deps.clock.now()) }).where(key);
  const ctx: JobContext = {
    deps, job, tenantId: job.tenantId, payload: job.payload, checkpoint: job.checkpoint ?? null,
    async saveCheckpoint(tx, checkpoint, progress) {
      ctx.checkpoint = checkpoint;
      await tx.update(jobs).set({ checkpoint, progress: progress ?? null, leaseUntil: leaseFor(kind, deps.clock.now()) }).where(key);
    },
  };
  try {
    const outcome = await kind.run(ctx);
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      await tx.update(jobs).set({ status: 'done', finishedAt: now, leaseUntil: null, lastError: null }).where(key);
      if (outcome?.next) {
        await enqueueJob(tx, now, job.tenantId, job.kind, outcome.next.payload ?? job.payload, { runAt: outcome.next.runAt, dedupeKey: job.dedupeKey ?? undefined });
      }
    });
  } catch (err) {
    const now = deps.clock.now();
    const message = err instanceof Error ? err.message : String(err);
    const isFinal = job.attempts >= (kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    // Back off 30 s, 2 min, 8 min…; the checkpoint stays, so the retry resumes rather than restarts.
    const retryAt = new Date(now.getTime() + 30_000 * 4 ** Math.max(0, job.attempts - 1));
    await deps.db.update(jobs).set(isFinal
      ? { status: 'failed', lastError: message, finishedAt: now, leaseUntil: null }
      : { status: 'queued', lastError: message, runAt: retryAt, leaseUntil: null }).where(key);
  }
}

/** Runs due jobs one after another until none is due or `max` have run; returns how many ran. */
export async function runDueJobs(deps: AppDeps, opts: { tenantId?: string; max?: number } = {}): Promise<number> {
  let ran = 0;
  while (ran < (opts.max ?? 1000)) {
    const job = await leaseNextJob(deps, deps.clock.now(), opts.tenantId);
    if (!job) break;
    await runJob(deps, job);
    ran++;
  }
  return ran;
}

const KEEP_FINISHED_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Deletes finished jobs older than a week: a recurring sweep every 5 minutes leaves ~300 rows a day per workspace.
 * Across tenants on purpose: this is the table's own housekeeping, not anyone's data.
 */
export async function pruneFinishedJobs(db: Queryable, now: Date, tenantId?: string): Promise<void> {
  await db.execute(sql`delete from jobs where status in ('done', 'failed') and finished_at < ${new Date(now.getTime() - KEEP_FINISHED_MS)}
    ${tenantId ? sql`and tenant_id = ${tenantId}` : sql``}`);
}

export interface Worker { stop(): Promise<void> }

/**
 * Polls for due jobs in this process (embedded mode, or a worker process on PostgreSQL). The timer only wakes the
 * worker; what is due and what is done lives in the database.
 */
export function startWorker(deps: AppDeps, opts: { pollMs?: number; onError?: (err: unknown) => void; beforeEachPoll?: () => Promise<void> } = {}): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let prunedAt = 0;
  const tick = async () => {
    try {
      await ensureRecurringJobs(deps.db, deps.clock.now());
      if (deps.clock.now().getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = deps.clock.now().getTime();
        await pruneFinishedJobs(deps.db, deps.clock.now());
      }
      await opts.beforeEachPoll?.();
      await runDueJobs(deps, { max: 50 });
    } catch (err) {
      opts.onError?.(err);
    }
    if (!stopped) timer = setTimeout(() => { running = tick(); }, opts.pollMs ?? 5000);
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
