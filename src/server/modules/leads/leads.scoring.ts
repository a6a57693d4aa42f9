// Lead scoring: fit (属性分) from profile rules + engagement (行为分) from touches with half-life decay.
// Pure: the model, the lead, its touches and `now` come in; a score that explains itself comes out.
import { RE2JS } from 're2js';
import { TOUCH_TYPES } from '../../../shared/dictionaries.js';
import { DAY_MS, FIELD_LABELS, describeFieldValue, type Bilingual, type SourceType, type Tier } from './leads.text.js';

export { TOUCH_TYPES };
export type TouchType = (typeof TOUCH_TYPES)[number];

export type FitCondition =
  | { field: 'industry' | 'employeeSize' | 'province' | 'sourceType'; in: string[] }
  /** `pattern` is a case-insensitive regular expression source, stored as text in the model. */
  | { field: 'title'; pattern?: string; keywords?: string[] };

export interface FitRule { id: string; when: FitCondition; points: number }
export interface EngagementRule { touchType: string; points: number; label: string; labelEn: string }

export interface ScoringModel {
  id: string;
  version: number;
  name: string;
  halfLifeDays: number;
  fitCap: number;
  engagementCap: number;
  tierThresholds: { A: number; B: number; C: number };
  mqlThreshold: number;
  fitRules: FitRule[];
  engagementRules: EngagementRule[];
}

export interface ScorableLead {
  industry?: string | null;
  employeeSize?: string | null;
  province?: string | null;
  title?: string | null;
  sourceType?: SourceType | null;
}

/** `label` overrides the touch type's label, e.g. 下载白皮书 for one content download. */
export interface Touch { type: string; occurredAt: Date; label?: string; labelEn?: string }

/** A touch as a rescore run reads it: its type and when, in epoch milliseconds (no Date for each of five million). */
export interface TimedTouch { type: string; at: number }

export interface ScoreExplanationItem {
  kind: 'fit' | 'engagement';
  label: string;
  labelEn: string;
  points: number;
  rawPoints?: number;
  ageDays?: number;
}

export interface LeadScore {
  total: number;
  fit: number;
  engagement: number;
  tier: Tier;
  isMql: boolean;
  modelId: string;
  modelVersion: number;
  explanation: ScoreExplanationItem[];
}

/** A score's numbers without its explanation lines: what is stored (scoreTotals). */
export type ScoreTotals = Omit<LeadScore, 'explanation'>;

const SMALL_SIZES = ['1-49', '50-99'];

// Defaults for a Chinese B2B SaaS seller: manufacturing and IT buy most, 100+ staff can afford a
// rollout, 总经理/总监-level titles decide, and 主动 (inbound) intent is worth more than an incentive sign-up.
export const DEFAULT_SCORING_MODEL: ScoringModel = {
  id: 'default',
  version: 1,
  name: '默认评分模型',
  halfLifeDays: 14,
  fitCap: 50,
  engagementCap: 50,
  tierThresholds: { A: 80, B: 60, C: 40 },
  mqlThreshold: 60,
  fitRules: [
    { id: 'industry-core', when: { field: 'industry', in: ['C', 'I', 'saas:smart-manufacturing', 'saas:enterprise-software'] }, points: 20 },
    { id: 'size-large', when: { field: 'employeeSize', in: ['500-999', '1000-4999', '5000+'] }, points: 15 },
    { id: 'size-mid', when: { field: 'employeeSize', in: ['100-499'] }, points: 10 },
    { id: 'size-small', when: { field: 'employeeSize', in: SMALL_SIZES }, points: 2 },
    { id: 'title-decision-maker', when: { field: 'title', keywords: ['总经理', '总裁', '董事长', 'CEO', 'CTO', 'CIO', 'COO', 'CFO', 'VP', '副总', '总监'] }, points: 15 },
    { id: 'title-manager', when: { field: 'title', keywords: ['经理', '主管', 'manager', 'head'] }, points: 5 },
    { id: 'source-active', when: { field: 'sourceType', in: ['active'] }, points: 10 },
    { id: 'source-passive', when: { field: 'sourceType', in: ['passive'] }, points: 3 },
  ],
  engagementRules: [
    { touchType: 'demo_requested', points: 25, label: '预约演示', labelEn: 'Requested a demo' },
    { touchType: 'trial_signup', points: 20, label: '注册试用', labelEn: 'Signed up for a trial' },
    { touchType: 'consultation', points: 20, label: '咨询', labelEn: 'Asked for a consultation' },
    { touchType: 'event_attended', points: 15, label: '参加活动', labelEn: 'Attended an event' },
    { touchType: 'form_submitted', points: 10, label: '提交表单', labelEn: 'Submitted a form' },
    { touchType: 'webinar_watched', points: 10, label: '观看直播', labelEn: 'Watched a webinar' },
    { touchType: 'content_downloaded', points: 8, label: '下载资料', labelEn: 'Downloaded content' },
    { touchType: 'pricing_page_visit', points: 8, label: '访问价格页', labelEn: 'Visited the pricing page' },
    { touchType: 'event_registered', points: 5, label: '报名活动', labelEn: 'Registered for an event' },
    { touchType: 'email_clicked', points: 3, label: '点击邮件', labelEn: 'Clicked an email' },
    { touchType: 'site_visit', points: 2, label: '访问官网', labelEn: 'Visited the website' },
    { touchType: 'email_opened', points: 1, label: '打开邮件', labelEn: 'Opened an email' },
  ],
};

/** The tier a total falls in under the model's thresholds. */
export function assignTier(total: number, thresholds: ScoringModel['tierThresholds']): Tier {
  if (total >= thresholds.A) return 'A';
  if (total >= thresholds.B) return 'B';
  if (total >= thresholds.C) return 'C';
  return 'D';
}

/** Points left of a touch after half-life decay: points × 0.5^(ageDays / halfLifeDays). */
export function decayPoints(points: number, ageDays: number, halfLifeDays: number): number {
  return points * Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
}

/**
 * A title pattern, compiled for RE2 (re2js): matching takes time linear in the title whatever the pattern. A pattern
 * comes from a rules admin but runs on titles anyone can send through a public form, and JavaScript's own engine
 * backtracks: ^(a+)+$ against 30 letters blocked the server for seconds. RE2 has no backreferences or lookaround; a
 * pattern using them does not compile and is reported invalid. ~1 µs a title, against ~0.02 µs natively.
 */
function compileTitlePattern(pattern: string): RE2JS | null {
  try { return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE); } catch { return null; }
}

function isJsPattern(pattern: string): boolean {
  try { return Boolean(new RegExp(pattern)); } catch { return false; }
}

/** Problems that make a model unusable, in both languages; empty when the model is valid. */
export function validateScoringModel(model: ScoringModel): Bilingual[] {
  const problems: Bilingual[] = [];
  if (!(model.halfLifeDays > 0)) problems.push({ zh: '半衰期必须大于 0 天', en: 'Half-life must be more than 0 days' });
  const t = model.tierThresholds;
  if (!(t.A > t.B && t.B > t.C)) problems.push({ zh: '等级阈值须满足 A > B > C', en: 'Tier thresholds must satisfy A > B > C' });
  // A threshold above the best score the caps allow is one no lead can reach: an MQL threshold of 90 with caps of
  // 20 + 20 would make nobody an MQL, silently.
  const ceiling = Math.min(100, model.fitCap + model.engagementCap);
  const caps = { zh: `属性分上限 ${model.fitCap} + 行为分上限 ${model.engagementCap}`, en: `fit cap ${model.fitCap} + engagement cap ${model.engagementCap}` };
  if (model.mqlThreshold > ceiling) {
    problems.push({ zh: `MQL 阈值 ${model.mqlThreshold} 高于最高可能得分 ${ceiling}（${caps.zh}），没有线索能成为 MQL`, en: `The MQL threshold ${model.mqlThreshold} is above the highest possible score ${ceiling} (${caps.en}): no lead could become an MQL` });
  }
  if (t.A > ceiling) {
    problems.push({ zh: `A 级分数线 ${t.A} 高于最高可能得分 ${ceiling}（${caps.zh}），没有线索能评为 A 级`, en: `The A threshold ${t.A} is above the highest possible score ${ceiling} (${caps.en}): no lead could be rated A` });
  }
  // Rules are named by their place in the editor (属性规则第 3 条), not by their stored ids.
  model.fitRules.forEach((rule, i) => {
    if (rule.when.field !== 'title') return;
    const which = { zh: `第 ${i + 1} 条属性规则（职位）`, en: `Fit rule ${i + 1} (title)` };
    if (rule.when.pattern && !compileTitlePattern(rule.when.pattern)) {
      // Valid JavaScript that RE2 refuses uses what RE2 leaves out; say so, or the admin sees a pattern that "works".
      const why = isJsPattern(rule.when.pattern) ? { zh: '（不支持反向引用与环视）', en: ' (backreferences and lookaround are not supported)' } : { zh: '', en: '' };
      problems.push({ zh: `${which.zh}的正则表达式无效${why.zh}`, en: `${which.en} has an invalid pattern${why.en}` });
    }
    if (!rule.when.pattern?.trim() && !rule.when.keywords?.some((k) => k.trim())) {
      problems.push({ zh: `${which.zh}既没有关键词也没有正则，永远不会命中`, en: `${which.en} has neither keywords nor a pattern, so it never matches` });
    }
  });
  return problems;
}

/** A fit rule with its title pattern compiled and keywords lower-cased, and the engagement rules by touch type. */
interface PreparedModel {
  fitRules: { rule: FitRule; regex: RE2JS | null; keywords: string[] }[];
  engagement: Map<string, EngagementRule>;
}

// Scoring a million leads with one model: what depends only on the model is worked out once per model object
// (models are loaded per batch and never changed once loaded; a changed model is a new object).
const preparedModels = new WeakMap<ScoringModel, PreparedModel>();

function prepareModel(model: ScoringModel): PreparedModel {
  let prepared = preparedModels.get(model);
  if (!prepared) {
    prepared = {
      fitRules: model.fitRules.map((rule) => ({
        rule,
        regex: rule.when.field === 'title' && rule.when.pattern ? compileTitlePattern(rule.when.pattern) : null,
        keywords: rule.when.field === 'title' ? (rule.when.keywords ?? []).map((k) => k.toLowerCase()) : [],
      })),
      engagement: new Map(model.engagementRules.map((r) => [r.touchType, r])),
    };
    preparedModels.set(model, prepared);
  }
  return prepared;
}

/** Whether a fit rule applies to the lead. */
function matchesFitRule({ rule: { when }, regex, keywords }: PreparedModel['fitRules'][number], lead: ScorableLead): boolean {
  if (when.field === 'title') {
    const title = lead.title?.trim();
    if (!title) return false;
    const lower = title.toLowerCase();
    return !!regex?.test(title) || keywords.some((k) => lower.includes(k));
  }
  const value = lead[when.field];
  return !!value && when.in.includes(value);
}

/**
 * What a matching fit rule saw, for its explanation line: the value (行业=制造业), or for a title the words that
 * matched (职位含「总经理」), so two title rules that both match 总经理 say which part each one counted.
 */
function describeFitMatch({ rule: { when }, regex, keywords }: PreparedModel['fitRules'][number], lead: ScorableLead): Bilingual {
  const field = FIELD_LABELS[when.field];
  if (when.field !== 'title') {
    const value = describeFieldValue(when.field, lead[when.field]!);
    return { zh: `${field.zh}=${value.zh}`, en: `${field.en}=${value.en}` };
  }
  const title = lead.title!.trim();
  const matcher = regex?.matcher(title);
  const keyword = keywords.find((k) => title.toLowerCase().includes(k));
  const words = matcher?.find() ? matcher.group() : keyword ? title.substr(title.toLowerCase().indexOf(keyword), keyword.length) : title;
  return { zh: `${field.zh}含「${words}」`, en: `${field.en} contains "${words}"` };
}

/** Scores a lead with a model at `now`: capped fit + decayed, capped engagement, tier, MQL and why. */
export function scoreLead(model: ScoringModel, lead: ScorableLead, touches: Touch[], now: Date): LeadScore {
  const explanation: ScoreExplanationItem[] = [];
  return { ...scoreWith(model, lead, touches, (t) => t.occurredAt.getTime(), now, explanation), explanation };
}

/**
 * The numbers of scoreLead without the explanation: what a rescore run needs for a million leads, in a fraction of
 * the time (no labels, no lines, touch times as numbers). The same code computes both, so the numbers are always
 * scoreLead's.
 */
export function scoreTotals(model: ScoringModel, lead: ScorableLead, touches: readonly TimedTouch[], now: Date): ScoreTotals {
  return scoreWith(model, lead, touches, (t) => t.at, now, null);
}

/** Scores a lead, adding the lines that explain it to `explanation` unless it is null; `timeOf` reads a touch's time in epoch ms. */
function scoreWith<T extends { type: string; label?: string; labelEn?: string }>(
  model: ScoringModel, lead: ScorableLead, touches: readonly T[], timeOf: (touch: T) => number, now: Date,
  explanation: ScoreExplanationItem[] | null,
): ScoreTotals {
  const prepared = prepareModel(model);
  let fitSum = 0;
  for (const fitRule of prepared.fitRules) {
    if (!matchesFitRule(fitRule, lead)) continue;
    const { rule } = fitRule;
    fitSum += rule.points;
    if (!explanation) continue;
    const matched = describeFitMatch(fitRule, lead);
    explanation.push({ kind: 'fit', label: matched.zh, labelEn: matched.en, points: rule.points });
  }
  const fit = Math.min(model.fitCap, fitSum);
  if (explanation && fit < fitSum) explanation.push(capItem('fit', model.fitCap, fit - fitSum));

  const engagementItems: ScoreExplanationItem[] = [];
  const nowMs = now.getTime();
  let engagementSum = 0;
  let faded = { count: 0, points: 0 };
  for (const t of touches) {
    const rule = prepared.engagement.get(t.type);
    if (!rule) continue;
    const ageDays = Math.max(0, (nowMs - timeOf(t)) / DAY_MS);
    const decayed = decayPoints(rule.points, ageDays, model.halfLifeDays);
    engagementSum += decayed;
    if (!explanation) continue;
    // A touch decayed below half a point would read "+0"; such touches are summed into one line instead.
    if (Math.round(decayed) === 0) { faded = { count: faded.count + 1, points: faded.points + decayed }; continue; }
    engagementItems.push({
      kind: 'engagement', label: t.label ?? rule.label, labelEn: t.labelEn ?? rule.labelEn,
      points: Math.round(decayed), rawPoints: rule.points, ageDays: Math.floor(ageDays),
    });
  }
  const engagementExact = Math.min(model.engagementCap, engagementSum);
  if (explanation) {
    engagementItems.sort((a, b) => b.points - a.points);
    if (Math.round(faded.points) > 0) {
      engagementItems.push({ kind: 'engagement', label: `${faded.count} 次较早的互动`, labelEn: `${faded.count} older touches`, points: Math.round(faded.points) });
    }
    explanation.push(...engagementItems);
    if (engagementExact < engagementSum) explanation.push(capItem('engagement', model.engagementCap, Math.round(engagementExact - engagementSum)));
  }
  const engagement = Math.round(engagementExact);

  const total = Math.max(0, Math.min(100, fit + engagement));
  const tier = assignTier(total, model.tierThresholds);
  return { total, fit, engagement, tier, isMql: total >= model.mqlThreshold, modelId: model.id, modelVersion: model.version };
}

// A negative line for the cap, so the explanation's lines add up to the score a user sees.
function capItem(kind: 'fit' | 'engagement', cap: number, points: number): ScoreExplanationItem {
  return kind === 'fit'
    ? { kind, label: `属性分上限 ${cap}`, labelEn: `fit capped at ${cap}`, points }
    : { kind, label: `行为分上限 ${cap}`, labelEn: `engagement capped at ${cap}`, points };
}

/** One explanation line as a user reads it: "+15 下载白皮书 (3 天前, 衰减后 12)": a touch's own points, then what is left of them. */
export function formatExplanationItem(item: ScoreExplanationItem, lang: 'zh' | 'en' = 'zh'): string {
  const points = item.ageDays === undefined ? item.points : item.rawPoints ?? item.points;
  const sign = points >= 0 ? '+' : '−';
  const head = `${sign}${Math.abs(points)} ${lang === 'zh' ? item.label : item.labelEn}`;
  if (item.ageDays === undefined) return head;
  if (lang === 'zh') return `${head} (${item.ageDays === 0 ? '今天' : `${item.ageDays} 天前`}, 衰减后 ${item.points})`;
  const age = item.ageDays === 0 ? 'today' : `${item.ageDays} day${item.ageDays === 1 ? '' : 's'} ago`;
  return `${head} (${age}, ${item.points} after decay)`;
}

/** The whole explanation on one line, e.g. "+20 行业=制造业, +15 下载白皮书 (3 天前, 衰减后 12)". */
export function formatScoreExplanation(score: LeadScore, lang: 'zh' | 'en' = 'zh'): string {
  return score.explanation.map((item) => formatExplanationItem(item, lang)).join(', ');
}
