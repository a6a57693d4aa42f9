import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { newTestDeps } from '../../../test/db.js';
import { buildWorkspace } from '../../../test/factories.js';
import { recordAudit } from '../modules/audit/index.js';
import { auditLog } from '../modules/audit/audit.schema.js';
import { systemActor } from '../modules/identity/index.js';
import { newId } from '../db/ids.js';
import { runBatchesInOrder, type OrderedBatches } from './batches.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
beforeAll(async () => { deps = await newTestDeps(); });
afterAll(async () => { await deps.close(); });

/** Batches 1..n; each one's work writes an audit row 'work <k>', its finish a row 'finish <k>'. */
function numbered(tenantId: string, n: number, opts: { failWork?: number; failNext?: number } = {}) {
  const actor = systemActor(tenantId, 'batches test');
  const log: string[] = [];
  let k = 0;
  const mark = (tx: Parameters<OrderedBatches<number, number>['work']>[0], action: string) =>
    recordAudit(tx, actor, { entity: 'test', entityId: newId(), action });
  const batches: OrderedBatches<number, number> = {
    async next() {
      if (k === opts.failNext) throw new Error(`reading batch ${k + 1} failed`);
      return k < n ? ++k : null;
    },
    async work(tx, b) {
      await mark(tx, `work ${b}`);
      if (b === opts.failWork) throw new Error(`batch ${b} failed`);
      return b * 10;
    },
    async finish(tx, b, r) { log.push(`finish ${b}:${r}`); await mark(tx, `finish ${b}`); },
    afterCommit(b) { log.push(`committed ${b}`); },
  };
  return { batches, log };
}

async function committed(tenantId: string) {
  const rows = await deps.db.select({ action: auditLog.action }).from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entity, 'test'))).orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}

describe.each([1, 2])('ordered batches, %i at a time', (lanes) => {
  it('commits every batch with its finish, in order', async () => {
    const ws = await buildWorkspace(deps);
    const { batches, log } = numbered(ws.tenantId, 4);
    await runBatchesInOrder(deps, batches, lanes);
    expect(log).toEqual(['finish 1:10', 'committed 1', 'finish 2:20', 'committed 2', 'finish 3:30', 'committed 3', 'finish 4:40', 'committed 4']);
    expect(await committed(ws.tenantId)).toEqual(['finish 1', 'finish 2', 'finish 3', 'finish 4', 'work 1', 'work 2', 'work 3', 'work 4']);
  });

  it('commits nothing after a batch fails, and reports the failure', async () => {
    const ws = await buildWorkspace(deps);
    const { batches, log } = numbered(ws.tenantId, 5, { failWork: 2 });
    await expect(runBatchesInOrder(deps, batches, lanes)).rejects.toThrow('batch 2 failed');
    expect(log).toEqual(['finish 1:10', 'committed 1']);
    // Batch 3 may have done its work beside batch 2; it was rolled back with it.
    expect(await committed(ws.tenantId)).toEqual(['finish 1', 'work 1']);
  });

  it('lets the batches in flight commit when reading the next one fails', async () => {
    const ws = await buildWorkspace(deps);
    const { batches, log } = numbered(ws.tenantId, 5, { failNext: 2 });
    await expect(runBatchesInOrder(deps, batches, lanes)).rejects.toThrow('reading batch 3 failed');
    expect(log).toEqual(['finish 1:10', 'committed 1', 'finish 2:20', 'committed 2']);
    expect(await committed(ws.tenantId)).toEqual(['finish 1', 'finish 2', 'work 1', 'work 2']);
  });
});
