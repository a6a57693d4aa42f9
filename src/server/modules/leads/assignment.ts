// What an assignment changes on a lead, in one place: owner or pool, the SLA clock, the recycle check, the history row.
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import type { Bilingual, Tier } from './leads.text.js';
import { slaState, type SlaPolicy } from './leads.sla.js';
import type { OwnershipAction } from './leads.schema.js';
import type { RecycleCheck } from './recycle-checks.repository.js';
import type { Queryable } from '../../db/client.js';
import { settleNotifications, type NotificationEvent } from '../notifications/index.js';

/** Notices that ask a lead's owner to act (follow it up before it is recycled, or before its SLA runs out). */
const OWNER_NOTICES: NotificationEvent[] = ['lead.recycle_warning', 'lead.sla_warning'];

/**
 * The leads left their owner (rejected, returned, recycled, reassigned, closed): the warnings asking that owner to act
 * are moot; `also` settles other notices about them in the same statement.
 */
export function settleOwnerNotices(tx: Queryable, now: Date, tenantId: string, leadIds: string[], also: NotificationEvent[] = []): Promise<number> {
  return settleNotifications(tx, now, tenantId, leadIds, [...OWNER_NOTICES, ...also]);
}

export interface AssignmentTarget {
  ownerId: string | null;
  poolId: string | null;
  ruleId?: string | null;
  reason: Bilingual;
  action: OwnershipAction;
}

export interface AssignmentFields {
  ownerId: string | null;
  poolId: string | null;
  assignedAt: Date | null;
  assignmentRuleId: string | null;
  assignmentReason: Bilingual;
  slaState: string;
  slaWarnAt: Date | null;
  slaDueAt: Date | null;
}

/**
 * The lead columns for a new owner (SLA clock restarted, first touch cleared) or for a pool (no owner, no SLA). The
 * recycle check goes beside the lead: recycleCheckFor says what to store with setRecycleChecks.
 */
export function assignmentFields(target: AssignmentTarget, tier: Tier, policy: SlaPolicy, now: Date): AssignmentFields & { firstTouchedAt?: null } {
  if (!target.ownerId) {
    return {
      ownerId: null, poolId: target.poolId, assignedAt: null, assignmentRuleId: target.ruleId ?? null, assignmentReason: target.reason,
      slaState: 'none', slaWarnAt: null, slaDueAt: null,
    };
  }
  const sla = slaState({ tier, assignedAt: now, firstTouchedAt: null }, policy, now);
  return {
    ownerId: target.ownerId, poolId: null, assignedAt: now, assignmentRuleId: target.ruleId ?? null, assignmentReason: target.reason,
    // An SLA no longer than the reminder lead time (A: 1 h, remind 4 h ahead) is inside its warning window from the
    // start. It starts on track all the same, so the sweep moves it to 'warning' within minutes and the owner is
    // reminded; the sweep reminds only on that change, so a lead stored as 'warning' would never be.
    slaState: sla.state === 'warning' ? 'on_track' : sla.state, slaWarnAt: sla.warnAt, slaDueAt: sla.deadline, firstTouchedAt: null,
  };
}

/** A lead given to a rep is due for a recycle check on the next sweep, which sets the real date; a pool lead has none. */
export function recycleCheckFor(leadId: string, target: AssignmentTarget, now: Date): RecycleCheck {
  return { leadId, checkAt: target.ownerId ? now : null };
}

/** The ownership-history row for an assignment. */
export function ownershipRow(tenantId: string, leadId: string, from: { ownerId: string | null; poolId: string | null }, target: AssignmentTarget, actorId: string | null, now: Date) {
  return {
    tenantId, id: newId(), leadId, action: target.action, fromOwnerId: from.ownerId, toOwnerId: target.ownerId,
    fromPoolId: from.poolId, toPoolId: target.poolId, ruleId: target.ruleId ?? null, reason: target.reason.zh, reasonEn: target.reason.en,
    actorId, at: now,
  };
}

/** An SQL handed over and not yet accepted or rejected: sales owes marketing an answer on it. */
export const isAwaitingSales = (lead: { status: string; acceptedAt: Date | null }) => lead.status === 'sql' && !lead.acceptedAt;

/**
 * Returning, moving to a pool or closing an SQL that awaits sales would leave marketing's hand-over with no answer and
 * the lead in a pool still marked SQL: the owner accepts it or sends it back with a reason first.
 */
export function refuseWhileAwaitingSales(lead: { status: string; acceptedAt: Date | null }): void {
  if (!isAwaitingSales(lead)) return;
  throw new AppError('LEAD_STATUS_INVALID', {
    status: lead.status,
    reason: { zh: '这条 SQL 还在等销售接受：请先接受，或用「退回」说明原因交还市场', en: 'This SQL is waiting for sales: accept it first, or reject it with a reason to hand it back to marketing' },
  });
}
