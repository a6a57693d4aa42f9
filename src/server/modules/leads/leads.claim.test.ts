import { describe, it, expect } from 'vitest';
import { DAY_MS, HOUR_MS } from './leads.text.js';
import { DEFAULT_CLAIM_RULES, canClaim, type ClaimHistory } from './leads.claim.js';

// 2025-03-10 15:00 in Beijing.
const now = new Date('2025-03-10T07:00:00Z');
const claimant = { userId: 'u1', held: 50 };
const record = { id: 'acc1' };
const empty: ClaimHistory = { claimantClaimsAt: [], releases: [] };
const claimsAt = (n: number, at: Date) => Array.from({ length: n }, () => at);

describe('canClaim', () => {
  it('allows a claim within every limit', () => {
    expect(canClaim(claimant, record, empty, DEFAULT_CLAIM_RULES, now)).toEqual({ ok: true });
  });

  it('refuses the 21st claim of the day and says it resets at the next Beijing midnight', () => {
    const history = { ...empty, claimantClaimsAt: claimsAt(20, new Date('2025-03-10T01:00:00Z')) };
    const r = canClaim(claimant, record, history, DEFAULT_CLAIM_RULES, now);
    expect(r).toMatchObject({ ok: false, code: 'DAILY_LIMIT', availableAt: new Date('2025-03-10T16:00:00Z') });
    if (!r.ok) expect(r.message.zh).toBe('今天已领取 20 个，达到每日上限 20 个，2025-03-11 00:00 后可再领取');
  });

  it('counts the day in the tenant time zone: claims before Beijing midnight do not count today', () => {
    // 2025-03-09 23:30 Beijing is yesterday there, although it is the same UTC date as `now`.
    const history = { ...empty, claimantClaimsAt: claimsAt(20, new Date('2025-03-09T15:30:00Z')) };
    expect(canClaim(claimant, record, history, DEFAULT_CLAIM_RULES, now).ok).toBe(true);
  });

  it('refuses a claimant at 库容 with the numbers', () => {
    const r = canClaim({ userId: 'u1', held: 200 }, record, empty, DEFAULT_CLAIM_RULES, now);
    expect(r).toMatchObject({ ok: false, code: 'HOLDING_LIMIT', availableAt: null });
    if (!r.ok) expect(r.message.zh).toContain('200/200');
    expect(canClaim({ userId: 'u1', held: 99, capacity: 100 }, record, empty, DEFAULT_CLAIM_RULES, now).ok).toBe(true);
  });

  it('keeps a former owner out for 30 days after release, and only that owner', () => {
    const releasedAt = new Date(now.getTime() - 10 * DAY_MS);
    const history = { ...empty, releases: [{ userId: 'u1', releasedAt }] };
    const r = canClaim(claimant, record, history, DEFAULT_CLAIM_RULES, now);
    expect(r).toMatchObject({ ok: false, code: 'COOL_DOWN', availableAt: new Date(releasedAt.getTime() + 30 * DAY_MS) });
    if (!r.ok) expect(r.message.zh).toContain('2025-03-30 15:00 后可领取');
    expect(canClaim({ userId: 'u2', held: 0 }, record, history, DEFAULT_CLAIM_RULES, now).ok).toBe(true);
    expect(canClaim(claimant, record, history, DEFAULT_CLAIM_RULES, new Date(releasedAt.getTime() + 30 * DAY_MS)).ok).toBe(true);
  });

  it('uses the latest release when the record changed hands several times', () => {
    const history = { ...empty, releases: [{ userId: 'u1', releasedAt: new Date(now.getTime() - 60 * DAY_MS) }, { userId: 'u1', releasedAt: new Date(now.getTime() - HOUR_MS) }] };
    expect(canClaim(claimant, record, history, DEFAULT_CLAIM_RULES, now)).toMatchObject({ ok: false, code: 'COOL_DOWN' });
  });

  it('reports the refusal that lasts longest when several apply', () => {
    const history = { claimantClaimsAt: claimsAt(20, now), releases: [{ userId: 'u1', releasedAt: now }] };
    expect(canClaim(claimant, record, history, DEFAULT_CLAIM_RULES, now)).toMatchObject({ code: 'COOL_DOWN' });
    expect(canClaim({ ...claimant, held: 200 }, record, history, DEFAULT_CLAIM_RULES, now)).toMatchObject({ code: 'HOLDING_LIMIT' });
  });

  it('lets a tenant switch the daily limit and cool-down off', () => {
    const history = { claimantClaimsAt: claimsAt(500, now), releases: [{ userId: 'u1', releasedAt: now }] };
    expect(canClaim(claimant, record, history, { ...DEFAULT_CLAIM_RULES, dailyLimit: null, coolDownDays: null }, now).ok).toBe(true);
  });
});
