import { describe, it, expect } from 'vitest';
import { DAY_MS } from './leads.text.js';
import { DEFAULT_RECYCLE_RULES, recycleDecision, warnDaysFor, type RecyclableRecord } from './leads.recycle.js';

const assignedAt = new Date('2025-01-01T02:00:00Z');
const day = (d: number) => new Date(assignedAt.getTime() + d * DAY_MS);
const account: RecyclableRecord = { kind: 'account', ownerId: 'u1', assignedAt, lastFollowUpAt: day(0) };
const rules = DEFAULT_RECYCLE_RULES;

describe('recycleDecision: 未跟进 30 days', () => {
  it('keeps, warns 3 days ahead, then recycles at day 30 since the last follow-up', () => {
    expect(recycleDecision(account, rules, day(26.9)).action).toBe('keep');
    const warn = recycleDecision(account, rules, day(27));
    expect(warn).toMatchObject({ action: 'warn', rule: 'not_followed_up', dueAt: day(30) });
    expect(warn.reason.zh).toBe('30 天未跟进将于 2025-01-31 10:00 收回公海（还剩 3 天）');
    const recycle = recycleDecision(account, rules, day(30));
    expect(recycle).toMatchObject({ action: 'recycle', rule: 'not_followed_up' });
    expect(recycle.reason.en).toContain('no follow-up for 30 days; returned to the pool');
  });

  it('restarts the clock on each follow-up, but ignores a former owner’s follow-ups', () => {
    expect(recycleDecision({ ...account, lastFollowUpAt: day(20) }, rules, day(40)).action).toBe('keep');
    const handedOver = { ...account, assignedAt: day(10), lastFollowUpAt: day(5) };
    expect(recycleDecision(handedOver, rules, day(40))).toMatchObject({ action: 'recycle', dueAt: day(40) });
  });
});

describe('recycleDecision: 未成交 90 days and not first-touched 3 days', () => {
  it('recycles a record owned 90 days without a win even when followed up', () => {
    const d = recycleDecision({ ...account, lastFollowUpAt: day(89) }, rules, day(90));
    expect(d).toMatchObject({ action: 'recycle', rule: 'not_won' });
  });

  it('recycles a lead not first-touched within 3 days, warning after its first day, not the hour it arrives', () => {
    const lead: RecyclableRecord = { kind: 'lead', ownerId: 'u1', assignedAt };
    // Warn 3 days ahead of a 3-day rule would warn at assignment; the warning comes 2 days ahead instead.
    expect(recycleDecision(lead, rules, day(0))).toMatchObject({ action: 'keep', rule: 'not_first_touched', warnAt: day(1) });
    expect(recycleDecision(lead, rules, day(1))).toMatchObject({ action: 'warn', rule: 'not_first_touched', reason: { zh: expect.stringContaining('还剩 2 天') } });
    expect(recycleDecision(lead, rules, day(3))).toMatchObject({ action: 'recycle', rule: 'not_first_touched' });
    expect(recycleDecision({ ...lead, firstTouchedAt: day(1), lastFollowUpAt: day(1) }, rules, day(3)).action).toBe('keep');
  });

  it('warns warnDaysAhead before a long rule, never on the day its clock starts, and not at all for a 1-day rule', () => {
    expect([warnDaysFor(30, 3), warnDaysFor(3, 3), warnDaysFor(2, 3), warnDaysFor(1, 3), warnDaysFor(10, 0)]).toEqual([3, 2, 1, 0, 0]);
    const lead: RecyclableRecord = { kind: 'lead', ownerId: 'u1', assignedAt };
    const oneDay = { ...rules, notFirstTouchedDays: 1 };
    expect(recycleDecision(lead, oneDay, day(0.5))).toMatchObject({ action: 'keep', warnAt: day(1) });
    expect(recycleDecision(lead, oneDay, day(1)).action).toBe('recycle');
  });

  it('does not apply the first-touch rule to accounts', () => {
    expect(recycleDecision({ ...account, lastFollowUpAt: null }, rules, day(5)).action).toBe('keep');
  });
});

describe('recycleDecision: exclusions and overrides', () => {
  it('never recycles 已成交, 锁定 or records with an open deal', () => {
    expect(recycleDecision({ ...account, isWon: true }, rules, day(365))).toMatchObject({ action: 'keep', reason: { zh: '已成交，不收回' } });
    expect(recycleDecision({ ...account, isLocked: true }, rules, day(365)).action).toBe('keep');
    expect(recycleDecision({ ...account, hasOpenDeal: true }, rules, day(365)).action).toBe('keep');
  });

  it('recycles a record with an open deal when that switch is off', () => {
    expect(recycleDecision({ ...account, hasOpenDeal: true }, { ...rules, excludeWithOpenDeal: false }, day(365)).action).toBe('recycle');
  });

  it('applies per-tier overrides, including switching a rule off', () => {
    const withOverrides = { ...rules, tierOverrides: { A: { notFollowedUpDays: 60, notWonDays: null } } };
    expect(recycleDecision({ ...account, tier: 'A' }, withOverrides, day(45)).action).toBe('keep');
    expect(recycleDecision({ ...account, tier: 'A' }, withOverrides, day(60)).action).toBe('recycle');
    expect(recycleDecision({ ...account, tier: 'A', lastFollowUpAt: day(100) }, withOverrides, day(120)).action).toBe('keep');
    expect(recycleDecision({ ...account, tier: 'B' }, withOverrides, day(45)).action).toBe('recycle');
  });

  it('keeps a record without an owner', () => {
    expect(recycleDecision({ ...account, ownerId: null }, rules, day(365)).action).toBe('keep');
  });
});
