import { describe, it, expect } from 'vitest';
import { PROVINCES, REGION_LABELS } from '../../../shared/dictionaries.js';
import { EMPTY_ROUTING_STATE, decideRoute, findRegionOfProvince, type RepLoad, type RoutingRule, type RoutingState } from './leads.routing.js';

const reps = (overrides: Partial<RepLoad>[] = []): RepLoad[] =>
  ['张伟', '王芳', '李娜', '刘洋'].map((name, i) => ({ id: `r${i + 1}`, name, held: 10, isAvailable: true, ...overrides[i] }));

const eastMfg: RoutingRule = {
  id: 'east-mfg', name: '华东制造业', nameEn: 'East China manufacturing',
  conditions: [{ field: 'province', in: ['浙江省', '江苏省'] }, { field: 'industry', in: ['C'] }],
  target: { kind: 'team', repIds: ['r1', 'r2', 'r3', 'r4'], strategy: 'round_robin' },
};
const catchAll: RoutingRule = { id: 'rest', name: '兜底', conditions: [], target: { kind: 'pool', poolId: 'p1', poolName: '公共线索池' } };
const lead = { province: '浙江省', industry: 'C', tier: 'A' as const };

function routeMany(rules: RoutingRule[], team: RepLoad[], n: number): Record<string, number> {
  let state: RoutingState = EMPTY_ROUTING_STATE;
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const d = decideRoute(rules, lead, team, state);
    if (d.target.kind !== 'rep') throw new Error('not routed to a rep');
    counts[d.target.repId] = (counts[d.target.repId] ?? 0) + 1;
    state = d.nextState;
  }
  return counts;
}

describe('decideRoute: rule matching', () => {
  it('uses the first matching rule and explains it with the matched values', () => {
    const d = decideRoute([eastMfg, catchAll], lead, reps([{ held: 36 }, {}, {}]), { cursors: { 'east-mfg': 2 }, credits: {} });
    expect(d.target).toEqual({ kind: 'rep', repId: 'r3' });
    expect(d.reason.zh).toBe('规则「华东制造业」: 省份=浙江省 且 行业=制造业 → 轮询分配给 李娜（第 3/4 位，库容 10/200）');
    expect(d.reason.en).toContain('Rule "East China manufacturing": province=Zhejiang and industry=Manufacturing');
    expect(d.nextState.cursors['east-mfg']).toBe(3);
  });

  it('falls through to later rules when a condition fails, and skips disabled rules', () => {
    const d = decideRoute([eastMfg, catchAll], { province: '广东省', industry: 'C' }, reps());
    expect(d).toMatchObject({ target: { kind: 'pool', poolId: 'p1' }, ruleId: 'rest' });
    expect(d.reason.zh).toBe('规则「兜底」: 所有线索 → 放入线索池「公共线索池」');
    expect(decideRoute([{ ...eastMfg, isEnabled: false }], lead, reps())).toMatchObject({ target: { kind: 'unrouted' }, ruleId: null });
  });

  it('derives the region from the province when the lead has none', () => {
    const rule: RoutingRule = { ...eastMfg, conditions: [{ field: 'region', in: ['华东'] }, { field: 'tier', in: ['A', 'B'] }] };
    expect(findRegionOfProvince('浙江省')).toBe('华东');
    expect(decideRoute([rule], lead, reps()).target.kind).toBe('rep');
    expect(decideRoute([rule], { ...lead, tier: 'C' }, reps()).target.kind).toBe('unrouted');
  });

  it('names the matched region in English in the English reason, and keeps the stored Chinese name in the Chinese one', () => {
    const rule: RoutingRule = { ...eastMfg, conditions: [{ field: 'region', in: ['华东'] }] };
    const d = decideRoute([rule], lead, reps());
    expect(d.reason.zh).toContain('规则「华东制造业」: 大区=华东 →');
    expect(d.reason.en).toContain('Rule "East China manufacturing": region=East China →');
  });

  it('derives every province to a region the region dictionary labels, and every labelled region from some province', () => {
    const derived = new Set(PROVINCES.map((p) => findRegionOfProvince(p)));
    expect(derived.has(null)).toBe(false);
    expect([...derived].sort()).toEqual(REGION_LABELS.map((r) => r.key).sort());
  });

  it('reports unrouted with a reason when no rule matches', () => {
    const d = decideRoute([eastMfg], { province: '北京市' }, reps());
    expect(d.target).toEqual({ kind: 'unrouted' });
    expect(d.reason.zh).toContain('没有匹配的分配规则');
  });
});

describe('decideRoute: capacity and availability', () => {
  it('skips reps on leave or at capacity and keeps the rotation going', () => {
    const team = reps([{ isAvailable: false }, { held: 200 }, {}, {}]);
    const d = decideRoute([eastMfg], lead, team);
    expect(d.target).toEqual({ kind: 'rep', repId: 'r3' });
    expect(decideRoute([eastMfg], lead, team, d.nextState).target).toEqual({ kind: 'rep', repId: 'r4' });
    expect(decideRoute([eastMfg], lead, team, decideRoute([eastMfg], lead, team, d.nextState).nextState).target).toEqual({ kind: 'rep', repId: 'r3' });
  });

  it('respects a custom capacity', () => {
    const team = reps([{ capacity: 10 }, { capacity: 11 }]);
    expect(decideRoute([eastMfg], lead, team).target).toEqual({ kind: 'rep', repId: 'r2' });
  });

  it('sends the lead to the overflow pool, saying why, when the whole team is full', () => {
    const full = reps([{ held: 200 }, { isAvailable: false }, { held: 250 }, { held: 200 }]);
    const rule: RoutingRule = { ...eastMfg, target: { ...eastMfg.target, overflowPoolId: 'overflow', overflowPoolName: '华东溢出池' } as RoutingRule['target'] };
    const d = decideRoute([rule], lead, full);
    expect(d.target).toEqual({ kind: 'pool', poolId: 'overflow' });
    expect(d.reason.zh).toContain('张伟 库容已满 200/200；王芳 休假中');
    expect(d.reason.zh).toContain('放入溢出池「华东溢出池」');
  });

  it('leaves the lead unrouted when the team is full and there is no overflow pool', () => {
    const d = decideRoute([eastMfg], lead, reps([{ held: 200 }, { held: 200 }, { held: 200 }, { held: 200 }]));
    expect(d).toMatchObject({ target: { kind: 'unrouted' }, ruleId: 'east-mfg' });
    expect(d.reason.en).toContain('awaits manual assignment');
  });
});

describe('decideRoute: strategies', () => {
  it('round-robin spreads 1,000 leads over 4 reps within 1 of each other', () => {
    const counts = Object.values(routeMany([eastMfg], reps(), 1000));
    expect(counts).toHaveLength(4);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('weighted 3:1 over 4,000 leads gives each rep its share within 3%', () => {
    const rule: RoutingRule = { ...eastMfg, target: { kind: 'team', repIds: ['r1', 'r2'], strategy: 'weighted' } };
    const counts = routeMany([rule], reps([{ weight: 3 }, { weight: 1 }]), 4000);
    expect(Math.abs(counts.r1 / 4000 - 0.75)).toBeLessThan(0.03);
    expect(Math.abs(counts.r2 / 4000 - 0.25)).toBeLessThan(0.03);
  });

  it('weighted skips a rep on leave without stalling the others', () => {
    const rule: RoutingRule = { ...eastMfg, target: { kind: 'team', repIds: ['r1', 'r2', 'r3'], strategy: 'weighted' } };
    const counts = routeMany([rule], reps([{ weight: 2, isAvailable: false }, { weight: 1 }, { weight: 1 }]), 100);
    expect(counts).toEqual({ r2: 50, r3: 50 });
  });

  it('least-loaded picks the lowest held/capacity, not the lowest held', () => {
    const rule: RoutingRule = { ...eastMfg, target: { kind: 'team', repIds: ['r1', 'r2', 'r3'], strategy: 'least_loaded' } };
    const d = decideRoute([rule], lead, reps([{ held: 30, capacity: 100 }, { held: 50, capacity: 200 }, { held: 20, capacity: 50 }]));
    expect(d.target).toEqual({ kind: 'rep', repId: 'r2' });
    expect(d.reason.zh).toContain('分配给负载最低的 王芳（库容 50/200）');
  });

  it('least-loaded takes turns among equally loaded reps', () => {
    const rule: RoutingRule = { ...eastMfg, target: { kind: 'team', repIds: ['r1', 'r2', 'r3', 'r4'], strategy: 'least_loaded' } };
    const counts = routeMany([rule], reps([{ held: 5 }, { held: 5 }, { held: 9 }, { held: 9 }]), 10);
    expect(counts).toEqual({ r1: 5, r2: 5 });
  });
});
