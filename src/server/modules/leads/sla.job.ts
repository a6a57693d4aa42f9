// The first-touch SLA sweep: every 5 minutes, owned leads whose reminder or deadline has come are moved to
// 'warning' (the owner is reminded) or 'breached' (the owner is told and the owner's manager is escalated to).
// A batch's state changes, notifications and checkpoint commit together; each change is guarded by the state read,
// so a re-run or a second worker never notifies twice.
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { jsonRecordset, queryRows, type Queryable } from '../../db/client.js';
import { defineRecurringJob, type JobContext } from '../../jobs/runner.js';
import { users } from '../identity/index.js';
import { notifyMany, type NotificationInput } from '../notifications/index.js';
import { leads, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { slaState, type SlaPolicy, type SlaResult } from './leads.sla.js';
import { HOUR_MS, leadLabel, type Tier } from './leads.text.js';
import { loadLeadSettings } from './routing.service.js';
import { recordSlaOutcomes } from './leads.repository.js';

export const SLA_JOB = 'leads.sla';
export const SLA_SWEEP_EVERY_MS = 5 * 60_000;
const DEFAULT_BATCH = 500;

/**
 * The policy that reproduces the deadline stored at assignment, so a later policy change never moves a deadline a
 * rep was already given; the tenant's policy when nothing is stored.
 */
export function storedSlaPolicy(lead: { tier: string; assignedAt: Date | null; slaWarnAt: Date | null; slaDueAt: Date | null }, fallback: SlaPolicy): SlaPolicy {
  if (!lead.assignedAt || !lead.slaDueAt || !lead.slaWarnAt) return fallback;
  const hours = (lead.slaDueAt.getTime() - lead.assignedAt.getTime()) / HOUR_MS;
  return {
    firstTouchHours: { ...fallback.firstTouchHours, [lead.tier]: hours } as Record<Tier, number | null>,
    warningHours: (lead.slaDueAt.getTime() - lead.slaWarnAt.getTime()) / HOUR_MS,
  };
}

export interface SlaCheckpoint { cutoff: string; after: [string, string] | null; checked: number; warned: number; breached: number }

const owner = alias(users, 'owner');

/** Leads whose reminder (on_track) or deadline (warning) has come, in leads_sla_due_idx order, locked for this batch. */
async function readDueBatch(db: Queryable, tenantId: string, cutoff: Date, after: [string, string] | null, size: number) {
  return db.select({
    id: leads.id, name: leads.name, company: leads.company, tier: leads.tier, status: leads.status, deletedAt: leads.deletedAt,
    ownerId: leads.ownerId, ownerName: owner.name, managerId: owner.managerId, assignedAt: leads.assignedAt, firstTouchedAt: leads.firstTouchedAt,
    slaState: leads.slaState, slaWarnAt: leads.slaWarnAt, slaDueAt: leads.slaDueAt,
    // Text keeps the database's microseconds, so the keyset never skips or repeats a row.
    warnText: sql<string>`${leads.slaWarnAt}::text`,
  }).from(leads)
    .leftJoin(owner, and(eq(owner.tenantId, leads.tenantId), eq(owner.id, leads.ownerId)))
    .where(and(
      eq(leads.tenantId, tenantId), inArray(leads.slaState, ['on_track', 'warning']), lte(leads.slaWarnAt, cutoff),
      or(eq(leads.slaState, 'on_track'), lte(leads.slaDueAt, cutoff)),
      after ? sql`(${leads.slaWarnAt}, ${leads.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
    ))
    .orderBy(asc(leads.slaWarnAt), asc(leads.id)).limit(size)
    // SKIP LOCKED: a lead being followed up right now is left for the next sweep instead of waited on.
    .for('update', { of: leads, skipLocked: true });
}

type DueLead = Awaited<ReturnType<typeof readDueBatch>>[number];

function noticesFor(lead: DueLead, sla: SlaResult): NotificationInput[] {
  const who = leadLabel(lead);
  const base = { entityType: 'lead', entityId: lead.id };
  if (sla.state === 'warning') {
    return [{
      ...base, event: 'lead.sla_warning', userIds: [lead.ownerId!], dedupeKey: `lead.sla_warning:${lead.id}:${sla.deadline!.getTime()}`,
      title: `线索即将超时：${who}`, titleEn: `First touch due soon: ${who}`, body: sla.reason.zh, bodyEn: sla.reason.en,
    }];
  }
  const key = `lead.sla_breached:${lead.id}:${sla.deadline!.getTime()}`;
  const out: NotificationInput[] = [{
    ...base, event: 'lead.sla_breached', userIds: [lead.ownerId!], dedupeKey: key, toWebhooks: !sla.escalateTo,
    title: `线索首次跟进已超时：${who}`, titleEn: `First-touch SLA breached: ${who}`, body: sla.reason.zh, bodyEn: sla.reason.en,
  }];
  if (sla.escalateTo) {
    out.push({
      ...base, event: 'lead.sla_breached', userIds: [sla.escalateTo], dedupeKey: key,
      title: `${lead.ownerName ?? ''} 的线索超时未跟进：${who}`, titleEn: `${lead.ownerName ?? ''}'s lead breached its SLA: ${who}`,
      body: `${sla.reason.zh}。请督促跟进或改派。`, bodyEn: `${sla.reason.en}. Chase it up or reassign it.`,
    });
  }
  return out;
}

/** Runs the SLA sweep for the job's workspace, a batch per transaction, resuming from the checkpoint. */
export async function runSlaSweep(ctx: Pick<JobContext, 'deps' | 'tenantId' | 'checkpoint' | 'saveCheckpoint'>, opts: { batchSize?: number } = {}): Promise<SlaCheckpoint> {
  const { deps, tenantId } = ctx;
  const size = opts.batchSize ?? DEFAULT_BATCH;
  const settings = await loadLeadSettings(deps.db, tenantId);
  const saved = ctx.checkpoint as SlaCheckpoint | null;
  const cp: SlaCheckpoint = saved ?? { cutoff: deps.clock.now().toISOString(), after: null, checked: 0, warned: 0, breached: 0 };
  // Fixed for the run, so a resumed run covers the same leads and judges them at the same instant.
  const now = new Date(cp.cutoff);
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const batch = await readDueBatch(tx, tenantId, now, cp.after, size);
      if (!batch.length) return 0;
      const changes: { id: string; from: string; to: string }[] = [];
      const notices = new Map<string, NotificationInput[]>();
      for (const lead of batch) {
        const isOpen = OPEN_LEAD_STATUSES.includes(lead.status) && !lead.deletedAt && !!lead.ownerId;
        const sla = isOpen
          ? slaState({ tier: lead.tier as Tier, assignedAt: lead.assignedAt, firstTouchedAt: lead.firstTouchedAt, ownerId: lead.ownerId, ownerManagerId: lead.managerId },
            storedSlaPolicy(lead, settings.slaPolicy), now, settings.timeZone)
          : null;
        const to = sla?.state ?? 'none';
        if (to === lead.slaState) continue;
        changes.push({ id: lead.id, from: lead.slaState, to });
        if (sla && (to === 'warning' || (to === 'breached' && !lead.firstTouchedAt))) notices.set(lead.id, noticesFor(lead, sla));
      }
      const changed = changes.length ? await queryRows<{ id: string; sla_state: string }>(tx, sql`
        update leads l set sla_state = c."to"
        from ${jsonRecordset(changes)} as c(id uuid, "from" text, "to" text)
        where l.tenant_id = ${tenantId} and l.id = c.id and l.sla_state = c."from"
        returning l.id, l.sla_state`) : [];
      for (const row of changed) {
        if (row.sla_state === 'warning') cp.warned += 1;
        if (row.sla_state === 'breached') cp.breached += 1;
      }
      // A breach is kept as this assignment's outcome, whatever later happens to the lead's own clock.
      const byId = new Map(batch.map((l) => [l.id, l]));
      await recordSlaOutcomes(tx, tenantId, changed.filter((row) => row.sla_state === 'breached').flatMap((row) => {
        const lead = byId.get(row.id)!;
        return lead.assignedAt && lead.slaDueAt ? [{ leadId: lead.id, assignedAt: lead.assignedAt, ownerId: lead.ownerId, dueAt: lead.slaDueAt, outcome: 'breached' as const }] : [];
      }), now);
      await notifyMany(tx, now, tenantId, changed.flatMap((row) => notices.get(row.id) ?? []));
      const last = batch[batch.length - 1];
      cp.after = [last.warnText, last.id];
      cp.checked += batch.length;
      await ctx.saveCheckpoint(tx, { ...cp }, { done: cp.checked });
      return batch.length;
    });
    if (n < size) break;
  }
  return cp;
}

defineRecurringJob(SLA_JOB, SLA_SWEEP_EVERY_MS, { run: async (ctx) => { await runSlaSweep(ctx); }, leaseSeconds: 300 });
