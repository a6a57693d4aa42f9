// The daily 'webhooks.prune' job: the outbox keeps a delivery long enough to look into it, not for ever. Sent ones go
// after 30 days, failed ones after 90 (time to see and resend them); pending ones stay until they are sent or fail.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { DELIVERY_RETENTION_DAYS } from '../../../shared/notification-contracts.js';
import type { AppDeps } from '../../deps.js';
import { defineRecurringJob } from '../../jobs/runner.js';

export const PRUNE_JOB = 'webhooks.prune';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per statement: a workspace that sent a million messages a month is pruned in short transactions. */
const PRUNE_BATCH = 5000;

/** Deletes the workspace's sent and failed deliveries past their keep; returns how many went. */
export async function pruneDeliveries(deps: AppDeps, tenantId: string, batchSize = PRUNE_BATCH): Promise<number> {
  const now = deps.clock.now().getTime();
  const sentBefore = new Date(now - DELIVERY_RETENTION_DAYS.sent * DAY_MS).toISOString();
  const failedBefore = new Date(now - DELIVERY_RETENTION_DAYS.failed * DAY_MS).toISOString();
  let pruned = 0;
  for (;;) {
    const [{ n }] = await queryRows<{ n: number }>(deps.db, sql`
      with gone as (
        delete from webhook_deliveries where (tenant_id, id) in (
          select tenant_id, id from webhook_deliveries
          where tenant_id = ${tenantId} and (
            (status = 'sent' and created_at < ${sentBefore}::timestamptz) or (status = 'failed' and created_at < ${failedBefore}::timestamptz))
          limit ${batchSize})
        returning 1)
      select count(*)::int as n from gone`);
    pruned += Number(n);
    if (Number(n) < batchSize) return pruned;
  }
}

defineRecurringJob(PRUNE_JOB, DAY_MS, { run: async (ctx) => { await pruneDeliveries(ctx.deps, ctx.tenantId); } });
