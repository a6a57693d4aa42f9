// The lead figures: a burst of inbound leads through capture (service and HTTP), the rescore run after a model change,
// the recycle sweep (a realistic daily pass and the worst case), each through the app's own code paths and job runner.
import { once } from 'node:events';
import { and, eq, sql } from 'drizzle-orm';
import { buildApp } from '../../src/server/app.js';
import { queryRows } from '../../src/server/db/client.js';
import { enqueueJob, runDueJobs } from '../../src/server/jobs/index.js';
import { jobs } from '../../src/server/jobs/jobs.schema.js';
import { captureLeads } from '../../src/server/modules/leads/capture.service.js';
import { RECYCLE_JOB } from '../../src/server/modules/leads/recycle.job.js';
import { activateScoringModel, createScoringModel } from '../../src/server/modules/leads/scoring-models.service.js';
import { CreateLeadInput } from '../../src/shared/lead-contracts.js';
import type { LeadGenerator } from '../data/leads.js';
import { Rng } from '../data/random.js';
import type { LeadWorkspace } from './lead-setup.js';
import { rawQuery } from './database.js';

export interface BurstFigures { path: 'service' | 'HTTP'; leads: number; batch: number; callers: number; ms: number; outcomes: Record<string, number> }

/** The capture inputs for new leads [from, from+n): people and firms the loaded data does not have. */
export function burstInputs(gen: LeadGenerator, from: number, n: number): CreateLeadInput[] {
  const root = new Rng('lead-burst');
  const out: CreateLeadInput[] = [];
  for (let i = from; i < from + n; i++) {
    const p = gen.profile(i, root.fork(i));
    out.push(CreateLeadInput.parse({ ...p, sourceType: p.sourceType }));
  }
  return out;
}

/** `callers` workers each take the next batch until none is left. */
async function runCallers(batches: CreateLeadInput[][], callers: number, send: (batch: CreateLeadInput[]) => Promise<string[]>) {
  const outcomes: Record<string, number> = {};
  let next = 0;
  await Promise.all(Array.from({ length: callers }, async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      for (const o of await send(batch)) outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
  }));
  return outcomes;
}

const chunk = <T>(xs: T[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, k) => xs.slice(k * size, (k + 1) * size));

/** captureLeads called directly, as POST /leads/batch does after validation. */
export async function measureCaptureService(ws: LeadWorkspace, inputs: CreateLeadInput[], batch: number, callers: number): Promise<BurstFigures> {
  const batches = chunk(inputs, batch);
  const started = performance.now();
  const outcomes = await runCallers(batches, callers, async (b) =>
    (await captureLeads(ws.deps, ws.admin, b, { method: 'api' })).map((o) => o.outcome));
  return { path: 'service', leads: inputs.length, batch, callers, ms: performance.now() - started, outcomes };
}

/** POST /api/v1/leads/batch against the app listening on a real socket (in this process), with the API key. */
export async function measureCaptureHttp(ws: LeadWorkspace, inputs: CreateLeadInput[], batch: number, callers: number): Promise<BurstFigures> {
  const app = await buildApp(ws.deps, { serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  try {
    const bodies = chunk(inputs, batch).map((b) => JSON.stringify({ leads: b }));
    const started = performance.now();
    const outcomes = await runCallers(bodies.map((b) => [b as unknown as CreateLeadInput]), callers, async ([body]) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/leads/batch`, {
        method: 'POST', body: body as unknown as string, headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' },
      });
      const json = await res.json() as { results?: { outcome: string }[] };
      if (res.status !== 200 || !json.results) throw new Error(`POST /leads/batch → ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
      return json.results.map((r) => r.outcome);
    });
    return { path: 'HTTP', leads: inputs.length, batch, callers, ms: performance.now() - started, outcomes };
  } finally {
    await app.close();
    if (app.server.listening) await once(app.server, 'close');
  }
}

export interface JobFigures { ms: number; status: string; progress: unknown; checkpoint: unknown; error: string | null }

async function jobFigures(ws: LeadWorkspace, id: string, ms: number): Promise<JobFigures> {
  const [job] = await ws.deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.owners.tenantId), eq(jobs.id, id)));
  return { ms, status: job.status, progress: job.progress, checkpoint: job.checkpoint, error: job.lastError };
}

/** A new model version (longer half-life, industry weighted up), activated; then the queued rescore run, timed. */
export async function measureRescore(ws: LeadWorkspace): Promise<JobFigures & { leads: number }> {
  const draft = await createScoringModel(ws.deps, ws.admin, { basedOn: 'default', name: '评分模型 2025 Q3', halfLifeDays: 21, mqlThreshold: 55 });
  const { rescoreJobId } = await activateScoringModel(ws.deps, ws.admin, draft.id);
  const started = performance.now();
  await runDueJobs(ws.deps, { tenantId: ws.owners.tenantId });
  const f = await jobFigures(ws, rescoreJobId!, performance.now() - started);
  return { ...f, leads: (f.progress as { done?: number } | null)?.done ?? 0 };
}

/** Queues one recycle pass and times the runner working it off. */
export async function measureRecyclePass(ws: LeadWorkspace): Promise<JobFigures & { due: number }> {
  const now = ws.deps.clock.now();
  const [{ n }] = await queryRows<{ n: number }>(ws.deps.db, sql`
    select count(*)::int as n from lead_recycle_checks where tenant_id = ${ws.owners.tenantId} and check_at <= ${now.toISOString()}::timestamptz`);
  const id = await enqueueJob(ws.deps.db, now, ws.owners.tenantId, RECYCLE_JOB, {});
  const started = performance.now();
  await runDueJobs(ws.deps, { tenantId: ws.owners.tenantId });
  return { ...(await jobFigures(ws, id!, performance.now() - started)), due: Number(n) };
}

/** The worst case: every lead's check is due (as after a sweep outage), then VACUUM as autovacuum would before the pass. */
export async function makeEveryLeadDue(ws: LeadWorkspace): Promise<number> {
  const at = new Date(ws.deps.clock.now().getTime() - 1000).toISOString();
  const rows = await queryRows<{ n: number }>(ws.deps.db, sql`
    with u as (
      insert into lead_recycle_checks (tenant_id, lead_id, check_at)
      select tenant_id, id, ${at}::timestamptz from leads where tenant_id = ${ws.owners.tenantId}
      on conflict (tenant_id, lead_id) do update set check_at = excluded.check_at
      returning 1)
    select count(*)::int as n from u`);
  await rawQuery(ws.deps.database!, 'vacuum analyze lead_recycle_checks', []);
  return Number(rows[0].n);
}
