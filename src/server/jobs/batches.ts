// Ordered batches for the jobs that walk a large set (the rescore walk, the recycle sweep): each batch is one
// transaction that commits its writes together with the job's checkpoint. On PostgreSQL two batches run at once, each
// on its own connection (the work is mostly the database's, and there are cores to spare); a batch commits only after
// the one before it has committed and been reported, so the checkpoint always marks a prefix of the walk, and after a
// failure nothing later commits. PGlite has one connection: one batch at a time.
import type { AppDeps } from '../deps.js';
import type { Tx } from '../db/client.js';

export interface OrderedBatches<B, R> {
  /** The next batch, or null when none is left: read outside the batches' transactions, one call after another. */
  next(): Promise<B | null>;
  /**
   * The batch's writes, in its own transaction, possibly while the batch before it is still open: they must touch
   * only rows no other batch touches (anything shared belongs in `finish`).
   */
  work(tx: Tx, batch: B): Promise<R>;
  /** In the same transaction, once every earlier batch has committed and been reported: shared rows, the checkpoint. */
  finish(tx: Tx, batch: B, result: R): Promise<void>;
  /** After the batch has committed, before the next one may commit. */
  afterCommit?(batch: B, result: R): Promise<void> | void;
}

/** How many batches run at once on this database. */
export function batchLanes(deps: Pick<AppDeps, 'database'>): number {
  return deps.database?.kind === 'postgres' ? 2 : 1;
}

/** Runs the batches to the end; throws the first failure once the batches in flight have settled. */
export async function runBatchesInOrder<B, R>(
  deps: Pick<AppDeps, 'db' | 'database'>, batches: OrderedBatches<B, R>, lanes = batchLanes(deps),
): Promise<void> {
  const inFlight: { batch: B; result: Promise<R>; release(ok: boolean): void }[] = [];
  let previous: Promise<boolean> = Promise.resolve(true);
  let failure: unknown;
  for (;;) {
    let batch: B | null = null;
    if (!failure) {
      // A failure here must still let the batches in flight finish (they wait on their turn), so it is kept, not thrown.
      try { batch = await batches.next(); } catch (err) { failure = err; }
    }
    if (batch !== null) {
      const current = batch;
      const turn = previous;
      let release!: (ok: boolean) => void;
      previous = new Promise((resolve) => { release = resolve; });
      const result = deps.db.transaction(async (tx) => {
        const r = await batches.work(tx, current);
        if (!(await turn)) throw new Error('an earlier batch of this run failed');
        await batches.finish(tx, current, r);
        return r;
      });
      result.catch(() => undefined); // awaited in order below
      inFlight.push({ batch: current, result, release });
      if (inFlight.length < lanes) continue;
    }
    const oldest = inFlight.shift();
    if (!oldest) break;
    try {
      const r = await oldest.result;
      await batches.afterCommit?.(oldest.batch, r);
      oldest.release(true);
    } catch (err) {
      failure ??= err;
      oldest.release(false);
    }
  }
  if (failure) throw failure;
}
