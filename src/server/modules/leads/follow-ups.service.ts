// Logging a follow-up (跟进) on a lead: it meets (or misses) the first-touch SLA, restarts the 未跟进 clock, and
// decides any 撞单 the lead is part of.
import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import type { LogFollowUpInput } from '../../../shared/lead-contracts.js';
import { recordAudit } from '../audit/index.js';
import { scopeOwnerIds } from '../accounts/index.js';
import { can, requirePermission, systemActor, type Actor } from '../identity/index.js';
import { decideConflicts, findPendingConflicts, lockLeadsInOrder } from './conflicts.service.js';
import { isLeadVisible, resolveLeadScope } from './leads.policy.js';
import { leadFollowUps, leads, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { recordSlaOutcomes } from './leads.repository.js';
import { slaState, type SlaPolicy, type SlaStateName } from './leads.sla.js';
import { formatInstant, type Tier } from './leads.text.js';
import { storedSlaPolicy } from './sla.job.js';
import { getLead } from './leads.service.js';
import { loadLeadSettings } from './routing.service.js';
import { settleNotifications } from '../notifications/index.js';

// A follow-up may be logged a little ahead of the server's clock (a phone's clock), not in the future.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The first-touch SLA once the first follow-up is recorded, against the deadline the owner was given at assignment.
 * It is judged by when the follow-up was recorded, not by the time it claims: a call logged after the deadline and
 * dated before it does not turn a breach into a met SLA.
 */
function slaAfterFirstTouch(lead: typeof leads.$inferSelect, policy: SlaPolicy, now: Date): SlaStateName {
  if (lead.slaState === 'none' || !lead.assignedAt) return lead.slaState as SlaStateName;
  return slaState({ tier: lead.tier as Tier, assignedAt: lead.assignedAt, firstTouchedAt: now }, storedSlaPolicy(lead, policy), now).state;
}

/**
 * Records a follow-up by the lead's owner (or by someone who assigns leads for the owner's scope) on an open lead.
 * Sets first-touch and last follow-up times, settles the first-touch SLA, and decides pending 撞单 on the lead.
 */
export async function logFollowUp(deps: AppDeps, actor: Actor, leadId: string, input: LogFollowUpInput) {
  requirePermission(actor, 'leads.write');
  const now = deps.clock.now();
  const at = input.occurredAt ? new Date(input.occurredAt) : now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'occurredAt', message: '跟进时间不能晚于现在 / a follow-up cannot be in the future' }]);
  }
  const id = newId();
  await deps.db.transaction(async (tx) => {
    const settings = await loadLeadSettings(tx, actor.tenantId);
    // Lock this lead and every lead it clashes with, in id order (see lockLeadsInOrder).
    const pending = await findPendingConflicts(tx, actor.tenantId, [leadId]);
    const locked = await lockLeadsInOrder(tx, actor.tenantId, [leadId, ...pending.flatMap((c) => [c.leadId, c.existingLeadId])]);
    const lead = locked.get(leadId);
    if (!lead || lead.deletedAt || !isLeadVisible(await resolveLeadScope(tx, actor), lead)) throw new AppError('NOT_FOUND');
    if (!OPEN_LEAD_STATUSES.includes(lead.status)) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status });
    if (at < lead.createdAt) {
      const entered = formatInstant(lead.createdAt, settings.timeZone);
      throw new AppError('VALIDATION_FAILED', [{ path: 'occurredAt', message: `跟进时间不能早于线索录入时间（${entered}）/ a follow-up cannot be dated before the lead was entered (${entered})` }]);
    }
    // A follow-up is the owner's work (it meets their SLA and decides 撞单): a lead nobody holds is claimed or assigned first.
    if (!lead.ownerId) {
      throw new AppError('LEAD_STATUS_INVALID', { reason: { zh: '这条线索还没有负责人：领取或分配后再记录跟进', en: 'Nobody owns this lead yet: claim or assign it before logging a follow-up' } });
    }
    if (lead.ownerId !== actor.userId) {
      const scope = can(actor, 'leads.assign') ? await scopeOwnerIds(tx, actor) : [];
      const coversOwner = scope === null || (!!lead.ownerId && scope.includes(lead.ownerId));
      if (!coversOwner) throw new AppError('FORBIDDEN', { reason: { zh: '只有负责人或其主管可以记录跟进', en: 'Only the owner or their manager may log a follow-up' } });
    }

    await tx.insert(leadFollowUps).values({
      tenantId: actor.tenantId, id, leadId, userId: actor.userId, method: input.method, content: input.content,
      isValid: input.isValid, occurredAt: at, nextStep: input.nextStep ?? null, createdAt: now,
    });
    const isFirst = !lead.firstTouchedAt;
    const patch: Partial<typeof leads.$inferInsert> = { updatedAt: now };
    if (!lead.lastFollowUpAt || at > lead.lastFollowUpAt) patch.lastFollowUpAt = at;
    if (isFirst) {
      patch.firstTouchedAt = at;
      patch.slaState = slaAfterFirstTouch(lead, settings.slaPolicy, now);
    }
    await tx.update(leads).set({ ...patch, version: sql`${leads.version} + 1` }).where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, leadId)));
    Object.assign(lead, patch);
    // The first touch meets (or ends) the SLA: its warning has nothing left to ask, and the outcome is kept.
    if (isFirst) await settleNotifications(tx, now, actor.tenantId, [leadId], ['lead.sla_warning']);
    if (isFirst && (patch.slaState === 'met' || patch.slaState === 'breached') && lead.assignedAt && lead.slaDueAt) {
      await recordSlaOutcomes(tx, actor.tenantId, [{ leadId, assignedAt: lead.assignedAt, ownerId: lead.ownerId, dueAt: lead.slaDueAt, outcome: patch.slaState }], now);
    }
    await recordAudit(tx, actor, {
      entity: 'lead', entityId: leadId, action: 'follow_up',
      after: { followUpId: id, method: input.method, isValid: input.isValid, occurredAt: at, ...(isFirst ? { firstTouchedAt: at, slaState: patch.slaState } : {}) },
    }, now);
    // The rule decides, not the person logging: the audit names the system.
    await decideConflicts(tx, systemActor(actor.tenantId, '撞单判定 conflict rule'), pending.map((c) => c.id), locked, settings, now);
  });
  // A lapsed 撞单 may just have sent the lead back to a pool the actor cannot see.
  const lead = await getLead(deps, actor, leadId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  return { id, lead };
}
