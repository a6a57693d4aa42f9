// Claim rules (领取规则) for 线索池 / 客户公海: daily limit, holding limit (库容), former owner's cool-down.
// Pure: the claim service loads the claimant's counts and the record's ownership history, then asks here.
import { DAY_MS, DEFAULT_TIME_ZONE, HOUR_MS, addDays, findStartOfDay, formatInstant, type Bilingual } from './leads.text.js';
import { DEFAULT_REP_CAPACITY } from './leads.routing.js';

export interface ClaimRules {
  /** Claims per calendar day in the workspace's time zone; null switches the limit off. */
  dailyLimit: number | null;
  /** Days a former owner must wait before re-claiming the same record; null switches it off. */
  coolDownDays: number | null;
}

// The design's defaults: 20 claims a day, former owner may not re-claim for 30 days.
export const DEFAULT_CLAIM_RULES: ClaimRules = { dailyLimit: 20, coolDownDays: 30 };

/** `held` counts held customers excluding 已成交; `capacity` is 库容 (default 200). */
export interface Claimant { userId: string; held: number; capacity?: number }
export interface ClaimableRecord { id: string; name?: string }

export interface ClaimHistory {
  /** When the claimant claimed anything, at least since the start of today. */
  claimantClaimsAt: Date[];
  /** When owners of this record lost it (released, returned or recycled). */
  releases: { userId: string; releasedAt: Date }[];
}

export type ClaimRefusalCode = 'DAILY_LIMIT' | 'HOLDING_LIMIT' | 'COOL_DOWN';
export type ClaimCheck =
  | { ok: true }
  | { ok: false; code: ClaimRefusalCode; message: Bilingual; availableAt: Date | null };

type Refusal = Extract<ClaimCheck, { ok: false }>;

function checkHolding(claimant: Claimant): Refusal | null {
  const capacity = claimant.capacity ?? DEFAULT_REP_CAPACITY;
  if (claimant.held < capacity) return null;
  return {
    ok: false, code: 'HOLDING_LIMIT', availableAt: null,
    message: {
      zh: `库容已满（持有 ${claimant.held}/${capacity}），释放或成交客户后才能领取`,
      en: `You hold ${claimant.held} of ${capacity} allowed; release or win a customer before claiming`,
    },
  };
}

function checkDaily(history: ClaimHistory, rules: ClaimRules, now: Date, timeZone: string): Refusal | null {
  if (rules.dailyLimit === null) return null;
  const dayStart = findStartOfDay(now, timeZone);
  const today = history.claimantClaimsAt.filter((at) => at >= dayStart && at <= now).length;
  if (today < rules.dailyLimit) return null;
  // Next local midnight, found from noon tomorrow so a DST shift cannot land it on the same day.
  const availableAt = findStartOfDay(new Date(dayStart.getTime() + DAY_MS + 12 * HOUR_MS), timeZone);
  const when = formatInstant(availableAt, timeZone);
  return {
    ok: false, code: 'DAILY_LIMIT', availableAt,
    message: {
      zh: `今天已领取 ${today} 个，达到每日上限 ${rules.dailyLimit} 个，${when} 后可再领取`,
      en: `You have claimed ${today} today, the daily limit of ${rules.dailyLimit}; you can claim again from ${when}`,
    },
  };
}

function checkCoolDown(claimant: Claimant, record: ClaimableRecord, history: ClaimHistory, rules: ClaimRules, now: Date, timeZone: string): Refusal | null {
  if (rules.coolDownDays === null) return null;
  const own = history.releases.filter((r) => r.userId === claimant.userId);
  if (!own.length) return null;
  const last = own.reduce((a, b) => (b.releasedAt > a.releasedAt ? b : a)).releasedAt;
  const availableAt = addDays(last, rules.coolDownDays);
  if (now >= availableAt) return null;
  const released = formatInstant(last, timeZone);
  const when = formatInstant(availableAt, timeZone);
  return {
    ok: false, code: 'COOL_DOWN', availableAt,
    message: {
      zh: `你曾负责${record.name ? `「${record.name}」` : '该客户'}，于 ${released} 释放；前负责人 ${rules.coolDownDays} 天内不可重新领取，${when} 后可领取`,
      en: `You owned this record until ${released}; a former owner must wait ${rules.coolDownDays} days, so you can claim it from ${when}`,
    },
  };
}

/**
 * Whether a claimant may claim a pool record now; if not, which rule stops it, why, and from when it is possible. Days
 * and the times in the message are the workspace's `timeZone`.
 */
export function canClaim(
  claimant: Claimant, record: ClaimableRecord, history: ClaimHistory, rules: ClaimRules, now: Date, timeZone = DEFAULT_TIME_ZONE,
): ClaimCheck {
  const holding = checkHolding(claimant);
  if (holding) return holding;
  // When several rules refuse, report the one that blocks longest: that is when the claim truly becomes possible.
  const refusals = [checkCoolDown(claimant, record, history, rules, now, timeZone), checkDaily(history, rules, now, timeZone)].filter((r): r is Refusal => r !== null);
  if (!refusals.length) return { ok: true };
  return refusals.reduce((a, b) => (b.availableAt! > a.availableAt! ? b : a));
}
