import { describe, expect, it } from 'vitest';
import { planSends, SEND_BUDGETS } from './webhooks.send-budget.js';

const now = new Date('2026-11-23T02:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('planSends', () => {
  it('lets a robot send up to its budget and says when the next place frees', () => {
    const recent = [ago(50_000), ago(10_000), ...Array.from({ length: 14 }, () => ago(1_000))];
    expect(planSends(SEND_BUDGETS.dingtalk, recent, now, 10)).toEqual({ allowed: 2, waitUntil: ago(50_000 - 60_000) });
  });

  it('does not count a send older than the window', () => {
    const recent = Array.from({ length: 18 }, () => ago(60_000));
    expect(planSends(SEND_BUDGETS.wecom, recent, now, 3)).toEqual({ allowed: 3, waitUntil: null });
  });

  it('waits for every window a Feishu robot has: 5 a second and 90 a minute', () => {
    expect(planSends(SEND_BUDGETS.feishu, [], now, 8)).toEqual({ allowed: 5, waitUntil: new Date(now.getTime() + 1000) });
    const minuteFull = Array.from({ length: 90 }, (_, i) => ago(59_000 - i * 100));
    expect(planSends(SEND_BUDGETS.feishu, minuteFull, now, 1)).toEqual({ allowed: 0, waitUntil: new Date(now.getTime() + 1000) });
  });

  it('never holds back Baton JSON', () => {
    expect(planSends(SEND_BUDGETS.json, Array.from({ length: 500 }, () => now), now, 500)).toEqual({ allowed: 500, waitUntil: null });
  });
});
