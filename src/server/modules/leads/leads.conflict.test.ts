import { describe, it, expect } from 'vitest';
import { DAY_MS, HOUR_MS } from './leads.text.js';
import { resolveConflict, type ConflictClaim } from './leads.conflict.js';

const t0 = new Date('2025-03-10T01:00:00Z'); // 09:00 Beijing
const at = (h: number) => new Date(t0.getTime() + h * HOUR_MS);
const claim = (id: string, name: string, claimedH: number, followUps: [number, boolean][] = []): ConflictClaim =>
  ({ claimId: id, repId: `r-${id}`, repName: name, claimedAt: at(claimedH), followUps: followUps.map(([h, isValid]) => ({ at: at(h), isValid })) });

describe('resolveConflict', () => {
  it('gives the customer to the first valid follow-up, even from the later claim', () => {
    const early = claim('a', '张伟', 0, [[30, true]]);
    const late = claim('b', '李娜', 2, [[5, true]]);
    const r = resolveConflict([early, late], 7, at(48));
    expect(r.status).toBe('decided');
    expect(r.winner?.claimId).toBe('b');
    expect(r.losers[0].claim.claimId).toBe('a');
    expect(r.losers[0].reason.zh).toBe('李娜 于 2025-03-10 14:00 在保护期内首次有效跟进，早于你的 2025-03-11 15:00');
  });

  it('ignores invalid follow-ups and follow-ups outside the protection period', () => {
    const a = claim('a', '张伟', 0, [[1, false], [8 * 24, true]]);
    const b = claim('b', '李娜', 1, [[3, true]]);
    const r = resolveConflict([a, b], 7, at(10 * 24));
    expect(r.winner?.claimId).toBe('b');
    expect(r.losers[0].reason.zh).toContain('你在保护期（至 2025-03-17 09:00）内没有有效跟进');
  });

  it('tells a loser whose period is still open that the other rep already followed up', () => {
    const r = resolveConflict([claim('a', '张伟', 0), claim('b', '李娜', 1, [[2, true]])], 7, at(3));
    expect(r.winner?.claimId).toBe('b');
    expect(r.losers[0].reason.en).toContain('you have no valid follow-up yet');
  });

  it('is pending while no one has followed up and a protection period is open', () => {
    const r = resolveConflict([claim('a', '张伟', 0), claim('b', '李娜', 24)], 7, at(48));
    expect(r).toMatchObject({ status: 'pending', winner: null, losers: [] });
    expect(r.decideBy).toEqual(new Date(at(24).getTime() + 7 * DAY_MS));
  });

  it('returns the customer to the pool when every period lapsed without a valid follow-up', () => {
    const r = resolveConflict([claim('a', '张伟', 0, [[1, false]]), claim('b', '李娜', 1)], 7, at(9 * 24));
    expect(r.status).toBe('none_valid');
    expect(r.losers).toHaveLength(2);
  });

  it('breaks a tie on the same instant in favour of the earlier claim', () => {
    const r = resolveConflict([claim('b', '李娜', 1, [[5, true]]), claim('a', '张伟', 0, [[5, true]])], 7, at(6));
    expect(r.winner?.claimId).toBe('a');
    expect(r.losers[0].reason.zh).toContain('按先领取者优先');
  });

  it('does not count a follow-up logged in the future', () => {
    const r = resolveConflict([claim('a', '张伟', 0, [[50, true]]), claim('b', '李娜', 1, [[20, true]])], 7, at(30));
    expect(r.winner?.claimId).toBe('b');
  });
});
