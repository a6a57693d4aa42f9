// Background rescoring: 'leads.rescore' after a model is activated (every lead), and the daily 'leads.decay' (leads
// with engagement, whose points fade with the half-life). Both walk the leads in id order, a batch per transaction,
// and each batch commits its scores together with the checkpoint: after a crash the run resumes after the last
// committed batch, and no batch is applied twice or in part.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { runBatchesInOrder } from '../../jobs/batches.js';
import { defineJobKind, defineRecurringJob, type JobContext, type JobKind } from '../../jobs/runner.js';
import { DAY_MS } from './leads.text.js';
import { RESCORE_JOB } from './scoring-models.service.js';
import { loadActiveScoringModel, lockScoringModels, rescoreLeads } from './scoring.service.js';

export { RESCORE_JOB };
export const DECAY_JOB = 'leads.decay';
/** Leads per transaction: a million leads take 200 commits; a batch holds its locks for well under a second. */
export const LEAD_BATCH_SIZE = 5000;

/** Which leads a walk rescores: all live leads, or only those with engagement left to decay. */
export type LeadWalkFilter = 'all' | 'engaged';

export interface LeadWalkProgress { lastId: string; done: number; total: number; batches: number }

export interface LeadWalkOptions {
  batchSize?: number;
  /**
   * Called after each batch has committed. A test seam (the crash test stops the process here); business code
   * leaves it unset.
   */
  afterBatch?: (progress: LeadWalkProgress) => void | Promise<void>;
}

interface WalkCheckpoint { lastId: string | null; done: number; total: number; batches: number }

/**
 * The workspace's live leads that pass `filter`, after `afterId` and up to `upTo` when given. 'engaged' looks up each
 * lead's score by its key (a scalar subquery with a limit, which the planner does not turn into a join): as a join it
 * merged the score index from its start for every batch, half a second a batch halfway through a million leads.
 */
function walkedLeads(tenantId: string, filter: LeadWalkFilter, afterId: string | null, upTo?: string): SQL {
  const engaged = filter === 'engaged'
    ? sql`and (select s.engagement_score from lead_scores s where s.tenant_id = leads.tenant_id and s.lead_id = leads.id limit 1) > 0`
    : sql``;
  return sql`from leads where tenant_id = ${tenantId} and deleted_at is null
    ${afterId ? sql`and id > ${afterId}` : sql``} ${upTo ? sql`and id <= ${upTo}` : sql``} ${engaged}`;
}

/** Rescores the workspace's leads that pass `filter`, resuming after the job's checkpoint. */
export async function walkLeads(ctx: JobContext, filter: LeadWalkFilter, opts: LeadWalkOptions = {}): Promise<void> {
  const { deps, tenantId } = ctx;
  const batchSize = opts.batchSize ?? LEAD_BATCH_SIZE;
  let cp = ctx.checkpoint as WalkCheckpoint | null;
  if (!cp) {
    const [{ n }] = await queryRows<{ n: number }>(deps.db, sql`
      select count(*)::int as n ${walkedLeads(tenantId, filter, null)}`);
    const start: WalkCheckpoint = { lastId: null, done: 0, total: Number(n), batches: 0 };
    await deps.db.transaction((tx) => ctx.saveCheckpoint(tx, { ...start }, { done: 0, total: start.total }));
    cp = start;
  }
  // Batches in id order, each its own transaction with the checkpoint (runBatchesInOrder: two at once on PostgreSQL).
  let last: WalkCheckpoint = cp;
  let cursor = cp.lastId;
  await runBatchesInOrder<[string | null, string], number>(deps, {
    async next() {
      const end = await findBatchEnd(ctx, filter, cursor, batchSize);
      if (!end) return null;
      const range: [string | null, string] = [cursor, end];
      cursor = end;
      return range;
    },
    async work(tx, range) {
      await lockScoringModels(tx, tenantId, 'shared');
      // Locking the batch's leads first means a touch being recorded on one of them commits before its touches are
      // read here, so its engagement is not lost to this batch's write.
      const rows = await queryRows<{ id: string }>(tx, sql`select id ${walkedLeads(tenantId, filter, range[0], range[1])} order by id for update`);
      const ids = rows.map((r) => r.id);
      // The touches of a batch are one range of the touch index: its leads are consecutive ids.
      if (ids.length) await rescoreLeads(tx, tenantId, ids, await loadActiveScoringModel(tx, tenantId), deps.clock.now(), { idRange: [ids[0], ids[ids.length - 1]] });
      return ids.length;
    },
    async finish(tx, range, count) {
      const done = last.done + count;
      // Leads captured during the run land after the cursor and are scored too; the total grows to count them.
      const after: WalkCheckpoint = { lastId: range[1], done, total: Math.max(last.total, done), batches: last.batches + 1 };
      await ctx.saveCheckpoint(tx, { ...after }, { done, total: after.total });
      last = after;
    },
    async afterCommit() {
      await opts.afterBatch?.({ lastId: last.lastId!, done: last.done, total: last.total, batches: last.batches });
    },
  });
}

/** The last id of the next batch after `afterId` (the batch's size-th lead, or the last lead there is); null when none is left. */
async function findBatchEnd(ctx: JobContext, filter: LeadWalkFilter, afterId: string | null, size: number): Promise<string | null> {
  const from = walkedLeads(ctx.tenantId, filter, afterId);
  const [nth] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id ${from} order by id offset ${size - 1} limit 1`);
  if (nth) return nth.id;
  const [tail] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id ${from} order by id desc limit 1`);
  return tail?.id ?? null;
}

/** The rescore run queued when a model is activated. */
export function createRescoreJobKind(opts: LeadWalkOptions = {}): JobKind {
  return { async run(ctx) { await walkLeads(ctx, 'all', opts); } };
}

/** The daily refresh of decaying engagement. */
export function createDecayJobKind(opts: LeadWalkOptions = {}): JobKind {
  return { async run(ctx) { await walkLeads(ctx, 'engaged', opts); } };
}

defineJobKind(RESCORE_JOB, createRescoreJobKind());
defineRecurringJob(DECAY_JOB, DAY_MS, createDecayJobKind());
