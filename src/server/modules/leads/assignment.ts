// What an assignment changes on a lead, in one place: owner or pool, the SLA clock, the recycle check, the history row.
import { newId } from '../../db/ids.js';
import type { Bilingual, Tier } from './leads.text.js';
import { slaState, type SlaPolicy } from './leads.sla.js';
import type { OwnershipAction } from './leads.schema.js';

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
  recycleCheckAt: Date | null;
  recycleWarnedAt: null;
}

/**
 * The lead columns for a new owner (SLA clock restarted, first touch cleared, recycle check due on the next sweep)
 * or for a pool (no owner, no SLA, nothing to recycle).
 */
export function assignmentFields(target: AssignmentTarget, tier: Tier, policy: SlaPolicy, now: Date): AssignmentFields & { firstTouchedAt?: null } {
  if (!target.ownerId) {
    return {
      ownerId: null, poolId: target.poolId, assignedAt: null, assignmentRuleId: target.ruleId ?? null, assignmentReason: target.reason,
      slaState: 'none', slaWarnAt: null, slaDueAt: null, recycleCheckAt: null, recycleWarnedAt: null,
    };
  }
  const sla = slaState({ tier, assignedAt: now, firstTouchedAt: null }, policy, now);
  return {
    ownerId: target.ownerId, poolId: null, assignedAt: now, assignmentRuleId: target.ruleId ?? null, assignmentReason: target.reason,
    slaState: sla.state, slaWarnAt: sla.warnAt, slaDueAt: sla.deadline, recycleCheckAt: now, recycleWarnedAt: null, firstTouchedAt: null,
  };
}

/** The ownership-history row for an assignment. */
export function ownershipRow(tenantId: string, leadId: string, from: { ownerId: string | null; poolId: string | null }, target: AssignmentTarget, actorId: string | null, now: Date) {
  return {
    tenantId, id: newId(), leadId, action: target.action, fromOwnerId: from.ownerId, toOwnerId: target.ownerId,
    fromPoolId: from.poolId, toPoolId: target.poolId, ruleId: target.ruleId ?? null, reason: target.reason.zh, reasonEn: target.reason.en,
    actorId, at: now,
  };
}
