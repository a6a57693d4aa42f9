import { describe, it, expect } from 'vitest';
import { DAY_MS } from './leads.text.js';
import {
  DEFAULT_SCORING_MODEL, assignTier, decayPoints, formatScoreExplanation, scoreLead, scoreTotals, validateScoringModel,
  type ScoringModel, type Touch,
} from './leads.scoring.js';

const now = new Date('2025-03-10T02:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);
const model: ScoringModel = {
  ...DEFAULT_SCORING_MODEL,
  fitRules: [
    { id: 'ind', when: { field: 'industry', in: ['C'] }, points: 20 },
    { id: 'size', when: { field: 'employeeSize', in: ['100-499', '500-999'] }, points: 10 },
    { id: 'prov', when: { field: 'province', in: ['浙江省'] }, points: 5 },
    { id: 'title', when: { field: 'title', pattern: '总监|CTO' }, points: 10 },
    { id: 'kw', when: { field: 'title', keywords: ['采购'] }, points: 4 },
    { id: 'src', when: { field: 'sourceType', in: ['active'] }, points: 10 },
  ],
  engagementRules: [
    { touchType: 'content_downloaded', points: 12, label: '下载资料', labelEn: 'Downloaded content' },
    { touchType: 'demo_requested', points: 40, label: '预约演示', labelEn: 'Requested a demo' },
    { touchType: 'email_opened', points: 1, label: '打开邮件', labelEn: 'Opened an email' },
  ],
};

describe('scoreLead', () => {
  it('adds fit points only for rules the profile matches and explains each with the matched value', () => {
    const s = scoreLead(model, { industry: 'C', employeeSize: '1-49', province: '浙江省', title: '采购经理', sourceType: 'passive' }, [], now);
    expect(s.fit).toBe(29);
    expect(s.explanation.map((e) => e.label)).toEqual(['行业=制造业', '省份=浙江省', '职位含「采购」']);
    expect(s.explanation[0].labelEn).toBe('industry=Manufacturing');
  });

  it('names the matched province in English in the English line, and keeps the stored Chinese name in the Chinese one', () => {
    const s = scoreLead(model, { province: '浙江省' }, [], now);
    expect(s.explanation).toMatchObject([{ kind: 'fit', label: '省份=浙江省', labelEn: 'province=Zhejiang', points: 5 }]);
  });

  it('names the words of a title each title rule matched, so two rules on one title read apart', () => {
    const s = scoreLead(DEFAULT_SCORING_MODEL, { title: '华东区总经理' }, [], now);
    expect(s.explanation.map((e) => [e.label, e.labelEn, e.points])).toEqual([
      ['职位含「总经理」', 'title contains "总经理"', 15],
      ['职位含「经理」', 'title contains "经理"', 5],
    ]);
    expect(scoreLead(model, { title: 'Cto Office' }, [], now).explanation[0].label).toBe('职位含「Cto」');
  });

  it('matches title patterns case-insensitively', () => {
    expect(scoreLead(model, { title: 'cto' }, [], now).fit).toBe(10);
    expect(scoreLead(model, { title: '销售' }, [], now).fit).toBe(0);
  });

  it('matches a pattern in one pass over the title, so no title can stall scoring (^(a+)+$ backtracks 2^60 times natively)', () => {
    const nested: ScoringModel = { ...model, fitRules: [{ id: 'evil', when: { field: 'title', pattern: '^(a+)+$' }, points: 5 }] };
    expect(scoreLead(nested, { title: `${'a'.repeat(60)}!` }, [], now).fit).toBe(0);
    expect(scoreLead(nested, { title: 'AAAA' }, [], now).fit).toBe(5);
  });

  it('halves a touch every half-life and explains the decay', () => {
    const fresh = scoreLead(model, {}, [{ type: 'content_downloaded', occurredAt: now }], now);
    const old = scoreLead(model, {}, [{ type: 'content_downloaded', occurredAt: daysAgo(14), label: '下载白皮书' }], now);
    const older = scoreLead(model, {}, [{ type: 'content_downloaded', occurredAt: daysAgo(28) }], now);
    expect([fresh.engagement, old.engagement, older.engagement]).toEqual([12, 6, 3]);
    expect(formatScoreExplanation(old)).toBe('+12 下载白皮书 (14 天前, 衰减后 6)');
    expect(formatScoreExplanation(old, 'en')).toBe('+12 Downloaded content (14 days ago, 6 after decay)');
    expect(old.explanation[0]).toMatchObject({ rawPoints: 12, ageDays: 14, points: 6 });
  });

  it('uses the model half-life, not a fixed one', () => {
    const s = scoreLead({ ...model, halfLifeDays: 7 }, {}, [{ type: 'content_downloaded', occurredAt: daysAgo(14) }], now);
    expect(s.engagement).toBe(3);
  });

  it('renders the example from the issue', () => {
    const s = scoreLead(model, { industry: 'C' }, [{ type: 'content_downloaded', occurredAt: daysAgo(3), label: '下载白皮书' }], now);
    expect(formatScoreExplanation(s)).toBe('+20 行业=制造业, +12 下载白皮书 (3 天前, 衰减后 10)');
    expect(s.total).toBe(30);
  });

  it('caps fit and engagement at 50 each and says so in the explanation', () => {
    const rich = { industry: 'C', employeeSize: '500-999', province: '浙江省', title: '技术总监', sourceType: 'active' as const };
    const touches: Touch[] = [0, 1, 2].map(() => ({ type: 'demo_requested', occurredAt: now }));
    const s = scoreLead(model, rich, touches, now);
    expect([s.fit, s.engagement, s.total]).toEqual([50, 50, 100]);
    expect(s.explanation.reduce((sum, e) => sum + e.points, 0)).toBe(100);
    expect(s.explanation.some((e) => e.label === '行为分上限 50' && e.points === -70)).toBe(true);
  });

  it('clamps the total to 0 when negative fit rules outweigh everything', () => {
    const m: ScoringModel = { ...model, fitRules: [{ id: 'student', when: { field: 'title', keywords: ['学生'] }, points: -30 }] };
    expect(scoreLead(m, { title: '学生' }, [{ type: 'content_downloaded', occurredAt: now }], now).total).toBe(0);
  });

  it('ignores unknown touch types and treats future touches as fresh', () => {
    const s = scoreLead(model, {}, [{ type: 'unknown', occurredAt: now }, { type: 'content_downloaded', occurredAt: new Date(now.getTime() + DAY_MS) }], now);
    expect(s.engagement).toBe(12);
  });

  it('keeps many small decayed touches in the sum, on one line, even when each rounds to zero', () => {
    const touches = Array.from({ length: 20 }, () => ({ type: 'email_opened', occurredAt: daysAgo(15) }));
    const s = scoreLead(model, {}, touches, now);
    expect(s.engagement).toBe(10);
    expect(formatScoreExplanation(s)).toBe('+10 20 次较早的互动');
  });

  it('assigns tiers at the thresholds and MQL at 60', () => {
    expect([80, 79, 60, 59, 40, 39].map((t) => assignTier(t, model.tierThresholds))).toEqual(['A', 'B', 'B', 'C', 'C', 'D']);
    const at60 = scoreLead(model, { industry: 'C' }, [{ type: 'demo_requested', occurredAt: now }], now);
    expect(at60).toMatchObject({ total: 60, tier: 'B', isMql: true });
    const at59 = scoreLead({ ...model, mqlThreshold: 61 }, { industry: 'C' }, [{ type: 'demo_requested', occurredAt: now }], now);
    expect(at59.isMql).toBe(false);
  });
});

describe('scoreTotals', () => {
  it('gives the numbers scoreLead gives, capped, clamped and faded alike, without the lines', () => {
    const profiles = [{}, { industry: 'C', title: '采购总监', sourceType: 'active' as const }, { industry: 'C', employeeSize: '500-999', province: '浙江省', title: 'CTO', sourceType: 'active' as const }];
    const touchSets: Touch[][] = [
      [],
      [{ type: 'content_downloaded', occurredAt: daysAgo(3) }, { type: 'unknown', occurredAt: now }],
      [0, 1, 2].map(() => ({ type: 'demo_requested', occurredAt: now })),
      Array.from({ length: 20 }, (_, k) => ({ type: 'email_opened', occurredAt: daysAgo(10 + k) })),
    ];
    for (const m of [model, DEFAULT_SCORING_MODEL, { ...model, halfLifeDays: 3, fitRules: [{ id: 'neg', when: { field: 'title' as const, keywords: ['采购'] }, points: -30 }] }]) {
      for (const p of profiles) {
        for (const touches of touchSets) {
          const full = scoreLead(m, p, touches, now);
          const timed = touches.map((t) => ({ type: t.type, at: t.occurredAt.getTime() }));
          expect({ ...scoreTotals(m, p, timed, now), explanation: full.explanation }).toEqual(full);
        }
      }
    }
  });
});

describe('DEFAULT_SCORING_MODEL', () => {
  it('makes an engaged decision-maker at a large manufacturer an A-tier MQL and a cold small lead D', () => {
    const hot = scoreLead(DEFAULT_SCORING_MODEL,
      { industry: 'C', employeeSize: '1000-4999', title: '信息中心总监', sourceType: 'active' },
      [{ type: 'demo_requested', occurredAt: daysAgo(1) }, { type: 'trial_signup', occurredAt: daysAgo(2) }], now);
    expect(hot).toMatchObject({ tier: 'A', isMql: true });
    const cold = scoreLead(DEFAULT_SCORING_MODEL, { industry: 'F', employeeSize: '1-49', sourceType: 'passive' },
      [{ type: 'content_downloaded', occurredAt: daysAgo(30) }], now);
    expect(cold.tier).toBe('D');
    expect(validateScoringModel(DEFAULT_SCORING_MODEL)).toEqual([]);
  });

  it('scores 主动 sources above 被动 ones with the same profile', () => {
    const active = scoreLead(DEFAULT_SCORING_MODEL, { sourceType: 'active' }, [], now);
    const passive = scoreLead(DEFAULT_SCORING_MODEL, { sourceType: 'passive' }, [], now);
    expect(active.total).toBeGreaterThan(passive.total);
  });
});

describe('validateScoringModel', () => {
  it('rejects a zero half-life, unordered thresholds and a broken title pattern', () => {
    const bad: ScoringModel = { ...model, halfLifeDays: 0, tierThresholds: { A: 50, B: 60, C: 40 },
      fitRules: [{ id: 't', when: { field: 'title', pattern: '(' }, points: 1 }] };
    expect(validateScoringModel(bad)).toHaveLength(3);
    // RE2 has no lookaround or backreferences: such a pattern is refused with the reason, not silently never matched.
    const lookahead: ScoringModel = { ...model, fitRules: [{ id: 't', when: { field: 'title', pattern: '总监(?!助理)' }, points: 1 }] };
    expect(validateScoringModel(lookahead).map((p) => p.zh)).toEqual(['第 1 条属性规则（职位）的正则表达式无效（不支持反向引用与环视）']);
  });

  it('rejects thresholds no lead can reach under the caps, and a title rule that can never match', () => {
    const unreachable: ScoringModel = { ...model, fitCap: 20, engagementCap: 20, mqlThreshold: 90, tierThresholds: { A: 80, B: 30, C: 10 },
      fitRules: [{ id: 'boss', when: { field: 'title', keywords: [' '] }, points: 5 }] };
    expect(validateScoringModel(unreachable).map((p) => p.zh)).toEqual([
      'MQL 阈值 90 高于最高可能得分 40（属性分上限 20 + 行为分上限 20），没有线索能成为 MQL',
      'A 级分数线 80 高于最高可能得分 40（属性分上限 20 + 行为分上限 20），没有线索能评为 A 级',
      '第 1 条属性规则（职位）既没有关键词也没有正则，永远不会命中',
    ]);
    expect(validateScoringModel({ ...unreachable, mqlThreshold: 40, tierThresholds: { A: 40, B: 30, C: 10 }, fitRules: [] })).toEqual([]);
  });

  it('decayPoints follows points × 0.5^(age/halfLife)', () => {
    expect(decayPoints(20, 7, 14)).toBeCloseTo(20 * Math.SQRT1_2, 10);
  });
});
