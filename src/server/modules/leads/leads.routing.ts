// Lead routing: ordered rules send a lead to a team (round-robin, weighted, least-loaded) or a pool.
// Pure: the caller loads rules, reps and the cursor state, applies the decision and stores `nextState`
// in the same transaction that assigns the lead, which is what keeps concurrent routing fair.
import { FIELD_LABELS, describeFieldValue, type Bilingual, type SourceType, type Tier } from './leads.text.js';

export type RoutingField = 'province' | 'region' | 'industry' | 'tier' | 'sourceType' | 'productLine';
export type RoutingStrategy = 'round_robin' | 'weighted' | 'least_loaded';

export interface RoutingCondition { field: RoutingField; in: string[] }

export type RoutingTarget =
  | { kind: 'team'; repIds: string[]; strategy: RoutingStrategy; overflowPoolId?: string; overflowPoolName?: string }
  | { kind: 'pool'; poolId: string; poolName?: string };

/** Conditions are ANDed; a rule without conditions matches every lead (a catch-all placed last). */
export interface RoutingRule { id: string; name: string; nameEn?: string; isEnabled?: boolean; conditions: RoutingCondition[]; target: RoutingTarget }

export interface RoutableLead {
  province?: string | null;
  region?: string | null;
  industry?: string | null;
  tier?: Tier | null;
  sourceType?: SourceType | null;
  productLine?: string | null;
}

/** `held` counts the rep's held customers excluding 已成交; `capacity` is 库容. */
export interface RepLoad { id: string; name?: string; capacity?: number; held: number; weight?: number; isAvailable: boolean }

/** Per rule: the round-robin cursor and the smooth-weighted credits. Plain JSON, stored between calls. */
export interface RoutingState { cursors: Record<string, number>; credits: Record<string, Record<string, number>> }

export type RouteTarget = { kind: 'rep'; repId: string } | { kind: 'pool'; poolId: string } | { kind: 'unrouted' };
export interface RouteDecision { target: RouteTarget; ruleId: string | null; reason: Bilingual; nextState: RoutingState }

// The design's default 库容: 200 held customers per rep.
export const DEFAULT_REP_CAPACITY = 200;
export const EMPTY_ROUTING_STATE: RoutingState = { cursors: {}, credits: {} };

const REGIONS: Record<string, string[]> = {
  华北: ['北京市', '天津市', '河北省', '山西省', '内蒙古自治区'],
  东北: ['辽宁省', '吉林省', '黑龙江省'],
  华东: ['上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省'],
  华中: ['河南省', '湖北省', '湖南省'],
  华南: ['广东省', '广西壮族自治区', '海南省'],
  西南: ['重庆市', '四川省', '贵州省', '云南省', '西藏自治区'],
  西北: ['陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区'],
  港澳台: ['台湾省', '香港特别行政区', '澳门特别行政区'],
};

/** The sales region (华东, 华北 …) a province belongs to, or null. */
export function findRegionOfProvince(province: string | null | undefined): string | null {
  if (!province) return null;
  for (const [region, provinces] of Object.entries(REGIONS)) if (provinces.includes(province)) return region;
  return null;
}

function readField(lead: RoutableLead, field: RoutingField): string | null {
  if (field === 'region') return lead.region ?? findRegionOfProvince(lead.province);
  return lead[field] ?? null;
}

/** The first enabled rule whose conditions the lead meets, with the matched values for the reason. */
export function findMatchingRule(rules: RoutingRule[], lead: RoutableLead): { rule: RoutingRule; matched: Bilingual } | null {
  for (const rule of rules) {
    if (rule.isEnabled === false) continue;
    const values = rule.conditions.map((c) => ({ c, value: readField(lead, c.field) }));
    if (!values.every(({ c, value }) => value !== null && c.in.includes(value))) continue;
    const parts = values.map(({ c, value }) => {
      const label = describeFieldValue(c.field, value!);
      return { zh: `${FIELD_LABELS[c.field].zh}=${label.zh}`, en: `${FIELD_LABELS[c.field].en}=${label.en}` };
    });
    const matched = parts.length
      ? { zh: parts.map((p) => p.zh).join(' 且 '), en: parts.map((p) => p.en).join(' and ') }
      : { zh: '所有线索', en: 'every lead' };
    return { rule, matched };
  }
  return null;
}

/** Why a rep cannot take a lead now, or null when they can. */
function explainIneligible(rep: RepLoad | undefined): Bilingual | null {
  if (!rep) return { zh: '不在可分配名单', en: 'not an active user' };
  if (!rep.isAvailable) return { zh: '休假中', en: 'on leave' };
  const capacity = rep.capacity ?? DEFAULT_REP_CAPACITY;
  if (rep.held >= capacity) return { zh: `库容已满 ${rep.held}/${capacity}`, en: `at capacity ${rep.held}/${capacity}` };
  if ((rep.weight ?? 1) <= 0) return { zh: '权重为 0', en: 'weight is 0' };
  return null;
}

interface Pick { repId: string; detail: Bilingual; state: RoutingState }

function pickRoundRobin(ruleId: string, team: string[], byId: Map<string, RepLoad>, state: RoutingState, tieOnly?: Set<string>): { index: number; state: RoutingState } | null {
  const start = (state.cursors[ruleId] ?? 0) % team.length;
  for (let i = 0; i < team.length; i++) {
    const index = (start + i) % team.length;
    if (explainIneligible(byId.get(team[index]))) continue;
    if (tieOnly && !tieOnly.has(team[index])) continue;
    return { index, state: { ...state, cursors: { ...state.cursors, [ruleId]: (index + 1) % team.length } } };
  }
  return null;
}

function describeLoad(rep: RepLoad): string {
  return `${rep.held}/${rep.capacity ?? DEFAULT_REP_CAPACITY}`;
}

function pickRep(rule: RoutingRule & { target: { kind: 'team' } }, byId: Map<string, RepLoad>, state: RoutingState): Pick | null {
  const team = rule.target.repIds;
  const eligible = team.filter((id) => !explainIneligible(byId.get(id)));
  if (!eligible.length) return null;

  if (rule.target.strategy === 'weighted') {
    // Smooth weighted round-robin (as in nginx): exact proportions over any window, no randomness to test around.
    const credits = { ...(state.credits[rule.id] ?? {}) };
    let total = 0;
    let best: string | null = null;
    for (const id of eligible) {
      const weight = byId.get(id)!.weight ?? 1;
      total += weight;
      credits[id] = (credits[id] ?? 0) + weight;
      if (best === null || credits[id] > credits[best]) best = id;
    }
    credits[best!] -= total;
    const rep = byId.get(best!)!;
    const w = rep.weight ?? 1;
    return {
      repId: best!, state: { ...state, credits: { ...state.credits, [rule.id]: credits } },
      detail: { zh: `按权重分配给 ${rep.name ?? rep.id}（权重 ${w}/${total}，库容 ${describeLoad(rep)}）`, en: `weighted to ${rep.name ?? rep.id} (weight ${w}/${total}, capacity ${describeLoad(rep)})` },
    };
  }

  if (rule.target.strategy === 'least_loaded') {
    const load = (id: string) => { const r = byId.get(id)!; return r.held / (r.capacity ?? DEFAULT_REP_CAPACITY); };
    const lowest = Math.min(...eligible.map(load));
    // Equal loads take turns through the round-robin cursor, so a stale `held` never piles onto one rep.
    const picked = pickRoundRobin(rule.id, team, byId, state, new Set(eligible.filter((id) => load(id) === lowest)))!;
    const rep = byId.get(team[picked.index])!;
    return {
      repId: rep.id, state: picked.state,
      detail: { zh: `分配给负载最低的 ${rep.name ?? rep.id}（库容 ${describeLoad(rep)}）`, en: `least-loaded to ${rep.name ?? rep.id} (capacity ${describeLoad(rep)})` },
    };
  }

  const picked = pickRoundRobin(rule.id, team, byId, state)!;
  const rep = byId.get(team[picked.index])!;
  const position = `${picked.index + 1}/${team.length}`;
  return {
    repId: rep.id, state: picked.state,
    detail: { zh: `轮询分配给 ${rep.name ?? rep.id}（第 ${position} 位，库容 ${describeLoad(rep)}）`, en: `round-robin to ${rep.name ?? rep.id} (position ${position}, capacity ${describeLoad(rep)})` },
  };
}

/** Decides where a lead goes: the first matching rule's team member or pool, with the reason and the next state. */
export function decideRoute(rules: RoutingRule[], lead: RoutableLead, reps: RepLoad[], state: RoutingState = EMPTY_ROUTING_STATE): RouteDecision {
  const match = findMatchingRule(rules, lead);
  if (!match) {
    return { target: { kind: 'unrouted' }, ruleId: null, nextState: state, reason: { zh: '没有匹配的分配规则，线索待人工分配', en: 'No routing rule matches; the lead awaits manual assignment' } };
  }
  const { rule, matched } = match;
  const head = { zh: `规则「${rule.name}」: ${matched.zh} → `, en: `Rule "${rule.nameEn ?? rule.name}": ${matched.en} → ` };
  const target = rule.target;
  if (target.kind === 'pool') {
    const pool = target.poolName ?? target.poolId;
    return { target: { kind: 'pool', poolId: target.poolId }, ruleId: rule.id, nextState: state, reason: { zh: `${head.zh}放入线索池「${pool}」`, en: `${head.en}pool "${pool}"` } };
  }

  const byId = new Map(reps.map((r) => [r.id, r]));
  const picked = pickRep({ ...rule, target }, byId, state);
  if (picked) {
    return { target: { kind: 'rep', repId: picked.repId }, ruleId: rule.id, nextState: picked.state, reason: { zh: head.zh + picked.detail.zh, en: head.en + picked.detail.en } };
  }

  const why = target.repIds.map((id) => ({ name: byId.get(id)?.name ?? id, why: explainIneligible(byId.get(id))! }));
  const none = {
    zh: `团队无人可分配（${why.map((w) => `${w.name} ${w.why.zh}`).join('；') || '团队为空'}）`,
    en: `no team member can take it (${why.map((w) => `${w.name} ${w.why.en}`).join('; ') || 'empty team'})`,
  };
  if (target.overflowPoolId) {
    const pool = target.overflowPoolName ?? target.overflowPoolId;
    return {
      target: { kind: 'pool', poolId: target.overflowPoolId }, ruleId: rule.id, nextState: state,
      reason: { zh: `${head.zh}${none.zh}，放入溢出池「${pool}」`, en: `${head.en}${none.en}; sent to overflow pool "${pool}"` },
    };
  }
  return { target: { kind: 'unrouted' }, ruleId: rule.id, nextState: state, reason: { zh: `${head.zh}${none.zh}，待人工分配`, en: `${head.en}${none.en}; awaits manual assignment` } };
}
