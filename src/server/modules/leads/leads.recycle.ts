// Pool recycle (回收): when an owned lead or account goes back to its pool, and when its owner is warned.
// Pure: the recycle job feeds each record and the pool's rules; the decision says keep, warn or recycle.
import { DAY_MS, addDays, countWholeDays, formatInstant, type Bilingual } from './leads.text.js';

export type RecycleRuleName = 'not_followed_up' | 'not_won' | 'not_first_touched';

/** Day counts per condition; null switches a condition off. */
export interface RecycleThresholds { notFollowedUpDays: number | null; notWonDays: number | null; notFirstTouchedDays: number | null }

export interface RecycleRules extends RecycleThresholds {
  excludeWon: boolean;
  excludeLocked: boolean;
  excludeWithOpenDeal: boolean;
  warnDaysAhead: number;
  /** Per tier/level (A, B, …) replacements for the day counts, e.g. A-level accounts get 60 days. */
  tierOverrides?: Record<string, Partial<RecycleThresholds>>;
}

// The design's defaults: 未跟进 30 days, 未成交 90 days, a lead not first-touched in 3 days, warn 3 days ahead.
export const DEFAULT_RECYCLE_RULES: RecycleRules = {
  notFollowedUpDays: 30, notWonDays: 90, notFirstTouchedDays: 3,
  excludeWon: true, excludeLocked: true, excludeWithOpenDeal: true, warnDaysAhead: 3,
};

export interface RecyclableRecord {
  kind: 'lead' | 'account';
  tier?: string | null;
  ownerId: string | null;
  /** When the current owner got it: every clock below restarts on a new owner. */
  assignedAt: Date;
  lastFollowUpAt?: Date | null;
  firstTouchedAt?: Date | null;
  isWon?: boolean;
  isLocked?: boolean;
  hasOpenDeal?: boolean;
}

export interface RecycleDecision {
  action: 'keep' | 'warn' | 'recycle'; rule: RecycleRuleName | null; dueAt: Date | null;
  /** When the owner is warned of dueAt (see warnDaysFor); null with dueAt. */
  warnAt: Date | null;
  reason: Bilingual;
}

/**
 * How many days before a rule's due date its owner is warned: the pool's warnDaysAhead, but never the day the clock
 * starts. With the defaults (not first touched in 3 days, warn 3 days ahead) a lead would be "about to be recycled" the
 * hour it arrived, beside its 新线索 notice; capped at days − 1, it is warned after its first day. A 1-day rule has no
 * warning: the first-touch SLA reminds the owner within that day.
 */
export function warnDaysFor(ruleDays: number, warnDaysAhead: number): number {
  return Math.max(0, Math.min(warnDaysAhead, ruleDays - 1));
}

const RULE_TEXT: Record<RecycleRuleName, (days: number) => Bilingual> = {
  not_followed_up: (d) => ({ zh: `${d} 天未跟进`, en: `no follow-up for ${d} days` }),
  not_won: (d) => ({ zh: `${d} 天未成交`, en: `not won within ${d} days` }),
  not_first_touched: (d) => ({ zh: `${d} 天内未首次跟进`, en: `not first touched within ${d} days` }),
};

/** The rules' day counts with the record's tier override applied. */
export function resolveThresholds(rules: RecycleRules, tier: string | null | undefined): RecycleThresholds {
  const override = tier ? rules.tierOverrides?.[tier] : undefined;
  return {
    notFollowedUpDays: override?.notFollowedUpDays !== undefined ? override.notFollowedUpDays : rules.notFollowedUpDays,
    notWonDays: override?.notWonDays !== undefined ? override.notWonDays : rules.notWonDays,
    notFirstTouchedDays: override?.notFirstTouchedDays !== undefined ? override.notFirstTouchedDays : rules.notFirstTouchedDays,
  };
}

function findExclusion(record: RecyclableRecord, rules: RecycleRules): Bilingual | null {
  if (!record.ownerId) return { zh: '无负责人，已在池中', en: 'no owner; already in the pool' };
  if (rules.excludeWon && record.isWon) return { zh: '已成交，不收回', en: 'won; never recycled' };
  if (rules.excludeLocked && record.isLocked) return { zh: '已锁定，不收回', en: 'locked; never recycled' };
  if (rules.excludeWithOpenDeal && record.hasOpenDeal) return { zh: '有进行中的商机，不收回', en: 'has an open deal; not recycled' };
  return null;
}

/** Whether a record stays with its owner, earns its owner a warning, or goes back to the pool — and why. */
export function recycleDecision(record: RecyclableRecord, rules: RecycleRules, now: Date, timeZone?: string): RecycleDecision {
  const excluded = findExclusion(record, rules);
  if (excluded) return { action: 'keep', rule: null, dueAt: null, warnAt: null, reason: excluded };

  const t = resolveThresholds(rules, record.tier);
  const candidates: { rule: RecycleRuleName; days: number; dueAt: Date }[] = [];
  if (t.notFollowedUpDays !== null) {
    // A follow-up by a former owner does not count for the current one.
    const last = record.lastFollowUpAt && record.lastFollowUpAt > record.assignedAt ? record.lastFollowUpAt : record.assignedAt;
    candidates.push({ rule: 'not_followed_up', days: t.notFollowedUpDays, dueAt: addDays(last, t.notFollowedUpDays) });
  }
  if (t.notWonDays !== null) candidates.push({ rule: 'not_won', days: t.notWonDays, dueAt: addDays(record.assignedAt, t.notWonDays) });
  if (t.notFirstTouchedDays !== null && record.kind === 'lead' && !record.firstTouchedAt) {
    candidates.push({ rule: 'not_first_touched', days: t.notFirstTouchedDays, dueAt: addDays(record.assignedAt, t.notFirstTouchedDays) });
  }
  if (!candidates.length) return { action: 'keep', rule: null, dueAt: null, warnAt: null, reason: { zh: '没有适用的回收规则', en: 'no recycle rule applies' } };

  const next = candidates.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  const warnAt = new Date(next.dueAt.getTime() - warnDaysFor(next.days, rules.warnDaysAhead) * DAY_MS);
  if (now >= next.dueAt) {
    const d = dueText(next, timeZone);
    return { action: 'recycle', rule: next.rule, dueAt: next.dueAt, warnAt, reason: { zh: `${d.zh}，收回公海（到期 ${d.at}）`, en: `${d.en}; returned to the pool (due ${d.at})` } };
  }
  if (now >= warnAt) {
    const d = dueText(next, timeZone);
    const daysLeft = Math.ceil((next.dueAt.getTime() - now.getTime()) / DAY_MS);
    return { action: 'warn', rule: next.rule, dueAt: next.dueAt, warnAt, reason: { zh: `${d.zh}将于 ${d.at} 收回公海（还剩 ${daysLeft} 天）`, en: `${d.en}: returns to the pool at ${d.at} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left)` } };
  }
  // Written out only when read: a sweep keeps most leads it checks and never shows why.
  return {
    action: 'keep', rule: next.rule, dueAt: next.dueAt, warnAt,
    get reason() {
      const d = dueText(next, timeZone);
      return { zh: `下次回收检查：${d.zh}（${d.at}，已持有 ${countWholeDays(record.assignedAt, now)} 天）`, en: `next recycle check: ${d.en} (${d.at})` };
    },
  };
}

/** The deciding rule's text and its due date, as the reasons print them. */
function dueText(next: { rule: RecycleRuleName; days: number; dueAt: Date }, timeZone?: string) {
  return { ...RULE_TEXT[next.rule](next.days), at: formatInstant(next.dueAt, timeZone) };
}
