// First-touch SLA (首次跟进时效): how long an owner has to first touch an assigned lead, by tier.
// Pure: the job layer schedules a reminder at `warnAt` and an escalation at `deadline` from this result.
import { SLA_STATES } from '../../../shared/dictionaries.js';
import { HOUR_MS, formatInstant, type Bilingual, type Tier } from './leads.text.js';

export type SlaStateName = (typeof SLA_STATES)[number];

/** Hours from assignment to first touch per tier; null means that tier has no SLA. */
export interface SlaPolicy { firstTouchHours: Record<Tier, number | null>; warningHours: number }

// A/B 24 h is the design's default. C gets 72 h so mid-quality leads are still touched before the 3-day
// not-first-touched recycle rule takes them back; D has none, it is marketing's to nurture, not sales' to call.
export const DEFAULT_SLA_POLICY: SlaPolicy = { firstTouchHours: { A: 24, B: 24, C: 72, D: null }, warningHours: 4 };

export interface SlaLead {
  tier: Tier | null;
  /** The SLA clock starts when an owner is assigned; a pool lead has none. */
  assignedAt: Date | null;
  firstTouchedAt?: Date | null;
  ownerId?: string | null;
  ownerManagerId?: string | null;
}

export interface SlaResult {
  state: SlaStateName;
  deadline: Date | null;
  warnAt: Date | null;
  /** Set only while breached and untouched: the owner's manager, who is told to act. */
  escalateTo: string | null;
  reason: Bilingual;
}

/** The first-touch SLA state of a lead at `now`, its deadline, and whom to escalate to on breach. */
export function slaState(lead: SlaLead, policy: SlaPolicy, now: Date, timeZone?: string): SlaResult {
  const hours = lead.tier ? policy.firstTouchHours[lead.tier] : null;
  if (hours == null || !lead.assignedAt) {
    const why = !lead.assignedAt ? { zh: '尚未分配负责人', en: 'no owner assigned yet' } : { zh: `${lead.tier ?? '未分级'} 级线索无首次跟进时效`, en: `no first-touch SLA for tier ${lead.tier ?? 'none'}` };
    return { state: 'none', deadline: null, warnAt: null, escalateTo: null, reason: why };
  }
  const deadline = new Date(lead.assignedAt.getTime() + hours * HOUR_MS);
  // The warning window never starts before assignment, even if an SLA is shorter than the window.
  const warnAt = new Date(Math.max(lead.assignedAt.getTime(), deadline.getTime() - policy.warningHours * HOUR_MS));
  const due = formatInstant(deadline, timeZone);
  const touched = lead.firstTouchedAt ?? null;

  if (touched && touched <= deadline) {
    return { state: 'met', deadline, warnAt, escalateTo: null, reason: { zh: `已在时限（${due}）前首次跟进`, en: `First touched before the deadline (${due})` } };
  }
  if (touched) {
    // A late first touch stays breached for SLA compliance, but there is no one left to chase.
    return { state: 'breached', deadline, warnAt, escalateTo: null, reason: { zh: `首次跟进晚于时限（${due}）`, en: `First touched after the deadline (${due})` } };
  }
  if (now >= deadline) {
    const manager = lead.ownerManagerId ?? null;
    const tail = manager ? { zh: '，已升级给上级经理', en: '; escalated to the manager' } : { zh: '，负责人无上级可升级', en: '; the owner has no manager to escalate to' };
    return { state: 'breached', deadline, warnAt, escalateTo: manager, reason: { zh: `超过 ${hours} 小时未首次跟进（时限 ${due}）${tail.zh}`, en: `Not touched within ${hours} h (deadline ${due})${tail.en}` } };
  }
  const leftHours = Math.ceil((deadline.getTime() - now.getTime()) / HOUR_MS);
  if (now >= warnAt) {
    return { state: 'warning', deadline, warnAt, escalateTo: null, reason: { zh: `还剩约 ${leftHours} 小时需首次跟进（时限 ${due}）`, en: `About ${leftHours} h left for the first touch (deadline ${due})` } };
  }
  return { state: 'on_track', deadline, warnAt, escalateTo: null, reason: { zh: `请在 ${due} 前首次跟进`, en: `First touch due by ${due}` } };
}
