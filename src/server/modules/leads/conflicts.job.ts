// The hourly 撞单 sweep: pending conflicts whose protection period is over are decided even if nobody logs another
// follow-up, so a clash never stays open and the losing rep is told why.
import { defineRecurringJob, type JobContext } from '../../jobs/runner.js';
import { systemActor } from '../identity/index.js';
import { decideConflicts, listDueConflicts, lockLeadsInOrder } from './conflicts.service.js';
import { loadLeadSettings } from './routing.service.js';

export const CONFLICTS_JOB = 'leads.conflicts';
export const CONFLICTS_SWEEP_EVERY_MS = 60 * 60_000;
const BATCH = 100;

/** Decides every due pending conflict of the job's workspace, a batch per transaction; returns how many were settled. */
export async function runConflictSweep(ctx: JobContext, opts: { batchSize?: number } = {}): Promise<number> {
  const { deps, tenantId } = ctx;
  const size = opts.batchSize ?? BATCH;
  const actor = systemActor(tenantId, '撞单判定 conflict rule');
  const settings = await loadLeadSettings(deps.db, tenantId);
  const now = deps.clock.now();
  let total = 0;
  // Each handled conflict leaves the due set (decided, or still pending with a later decide_by), so batches progress;
  // the round cap only guards against a bug turning this into an endless loop.
  for (let round = 0; round < 10_000; round++) {
    const handled = await deps.db.transaction(async (tx) => {
      const due = await listDueConflicts(tx, tenantId, now, size);
      if (!due.length) return 0;
      // Leads first, in id order, then the conflict rows: the same order a follow-up takes them in.
      const locked = await lockLeadsInOrder(tx, tenantId, due.flatMap((c) => [c.leadId, c.existingLeadId]));
      const { decided } = await decideConflicts(tx, actor, due.map((c) => c.id), locked, settings, now);
      total += decided;
      await ctx.saveCheckpoint(tx, { decided: total }, { done: total });
      return due.length;
    });
    if (handled < size) break;
  }
  return total;
}

defineRecurringJob(CONFLICTS_JOB, CONFLICTS_SWEEP_EVERY_MS, { run: async (ctx) => { await runConflictSweep(ctx); } });
