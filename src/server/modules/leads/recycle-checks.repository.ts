// The recycle sweep's schedule (lead_recycle_checks): when each held lead is next looked at. SQL only.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { jsonRecordset, type Queryable } from '../../db/client.js';
import { leadRecycleChecks } from './leads.schema.js';

export interface RecycleCheck { leadId: string; checkAt: Date | null }

/**
 * Sets each lead's next recycle check (a new check clears the last warning) or, for null, removes it: an assignment
 * to a rep schedules a check, a move to a pool or a closed lead has nothing left to check.
 */
export async function setRecycleChecks(db: Queryable, tenantId: string, checks: RecycleCheck[]): Promise<void> {
  const cleared = checks.filter((c) => !c.checkAt).map((c) => c.leadId);
  const scheduled = checks.filter((c) => c.checkAt).map((c) => ({ leadId: c.leadId, checkAt: c.checkAt!.toISOString() }));
  if (cleared.length) {
    await db.delete(leadRecycleChecks).where(and(eq(leadRecycleChecks.tenantId, tenantId), inArray(leadRecycleChecks.leadId, cleared)));
  }
  if (scheduled.length) {
    await db.execute(sql`
      insert into lead_recycle_checks (tenant_id, lead_id, check_at, warned_at)
      select ${tenantId}::uuid, c."leadId", c."checkAt", null
      from ${jsonRecordset(scheduled)} as c("leadId" uuid, "checkAt" timestamptz)
      on conflict (tenant_id, lead_id) do update set check_at = excluded.check_at, warned_at = null`);
  }
}
