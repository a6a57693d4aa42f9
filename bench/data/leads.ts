// Deterministic Chinese B2B leads and their touches (行为) for the lead benchmark. Lead i depends only on (seed, i, now):
// any lead can be regenerated alone, and the whole set streams without holding it in memory.
// The facts are consistent with the app's rules: every owned lead's follow-up history puts its next recycle check
// where the hourly sweep would have put it, so a recycle pass over the loaded data does what it would do in production.
import { TOUCH_TYPES } from '../../src/server/modules/leads/leads.scoring.js';
import { companyIdentity, domainSlug, formatCompanyName, namePermutation, type NameStyle } from './company-identity.js';
import { contactPermutations, emailLocalPart, formatMobile, freeMailFor, mobileFor, wechatFor, type ContactPermutations } from './contact-identity.js';
import { personName } from './generate.js';
import type { Permutation } from './permutation.js';
import { mix32, Rng, type Weighted } from './random.js';
import { ANY_INDUSTRY, EMPLOYEE_SIZE_WEIGHTS, FREE_MAIL_DOMAINS, JOB_TITLES } from './vocab.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type TouchTypeName = (typeof TOUCH_TYPES)[number];
export interface GeneratedTouch { type: TouchTypeName; occurredAt: Date; label: string | null }

/** What became of a lead: still worked (open), handed to sales (sql), won, thrown out, or sent back by sales. */
export type LeadOutcome = 'open' | 'sql' | 'converted' | 'invalid' | 'returned';

export interface GeneratedLead {
  name: string;
  company: string | null;
  title: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  industry: string | null;
  employeeSize: string | null;
  province: string;
  city: string;
  productLine: string | null;
  source: string;
  sourceType: 'active' | 'passive';
  channel: string;
  campaign: string | null;
  utm: Record<string, string>;
  createdAt: Date;
  /** Oldest first; the first is the capture itself. */
  touches: GeneratedTouch[];
  /** owned: a rep holds it (ownerSlot picks which); pool: it waits in the pool. */
  placement: 'owned' | 'pool';
  ownerSlot: number;
  outcome: LeadOutcome;
  assignedAt: Date | null;
  firstTouchedAt: Date | null;
  lastFollowUpAt: Date | null;
  /** Where the sweep left the recycle check: due today (about 5 %) or later; null for pool leads. */
  recycle: { checkAt: Date; warnedAt: Date | null; dueToday: boolean } | null;
}

// 主动 (active) and 被动 (passive) sources as src/shared/dictionaries.ts LEAD_SOURCES defines them.
const SOURCES: Weighted<{ key: string; type: 'active' | 'passive' }> = [
  [{ key: 'consultation', type: 'active' }, 15], [{ key: 'trial', type: 'active' }, 10], [{ key: 'demo_request', type: 'active' }, 8],
  [{ key: 'referral', type: 'active' }, 5], [{ key: 'content_download', type: 'passive' }, 25], [{ key: 'giveaway', type: 'passive' }, 7],
  [{ key: 'event_signup', type: 'passive' }, 20], [{ key: 'other', type: 'passive' }, 10],
];

const CHANNELS_BY_SOURCE: Record<string, Weighted<string>> = {
  consultation: [['官网', 40], ['百度SEM', 25], ['公众号', 15], ['400电话', 10], ['知乎', 5], ['抖音', 5]],
  trial: [['官网', 50], ['百度SEM', 30], ['公众号', 10], ['知乎', 10]],
  demo_request: [['官网', 50], ['百度SEM', 20], ['展会', 15], ['公众号', 15]],
  referral: [['客户转介绍', 70], ['合作伙伴', 30]],
  content_download: [['公众号', 30], ['知乎', 25], ['官网', 25], ['百度SEM', 10], ['抖音', 10]],
  giveaway: [['抖音', 40], ['公众号', 40], ['小红书', 20]],
  event_signup: [['展会', 50], ['线下沙龙', 30], ['公众号', 20]],
  other: [['官网', 50], ['其他', 50]],
};

const UTM_BY_CHANNEL: Record<string, { source: string; medium: string }> = {
  百度SEM: { source: 'baidu', medium: 'cpc' }, 公众号: { source: 'wechat', medium: 'social' }, 知乎: { source: 'zhihu', medium: 'content' },
  抖音: { source: 'douyin', medium: 'video' }, 小红书: { source: 'xiaohongshu', medium: 'social' }, 官网: { source: 'website', medium: 'organic' },
};

const CAMPAIGNS: Weighted<{ name: string; slug: string }> = [
  [{ name: '2025 春季新品发布会', slug: '2025-spring-launch' }, 10], [{ name: '制造业数字化转型白皮书', slug: 'mfg-whitepaper' }, 12],
  [{ name: '618 限时免费试用', slug: '618-trial' }, 8], [{ name: '华东区 CIO 闭门沙龙', slug: 'east-cio-salon' }, 5],
  [{ name: '工博会 2025', slug: 'ciif-2025' }, 7], [{ name: '销售管理直播课', slug: 'sales-webinar' }, 9],
  [{ name: '百度品牌词投放', slug: 'baidu-brand' }, 10], [{ name: '知乎 CRM 选型专栏', slug: 'zhihu-crm' }, 6],
  [{ name: '抖音企业号短视频', slug: 'douyin-short' }, 6], [{ name: '客户成功案例集', slug: 'case-studies' }, 7],
];

const SEM_TERMS = ['CRM系统', '客户管理软件', '销售管理系统', '线索管理', 'SCRM', '营销自动化', '企业微信CRM', '私有化CRM'];
const CONTENT_TITLES = ['下载《制造业数字化转型白皮书》', '下载《2025 B2B 获客报告》', '下载《销售团队管理手册》', '下载《CRM 选型指南》', '下载客户成功案例集'];
const WEBINAR_TITLES = ['观看直播：线索到回款全流程', '观看直播：销售漏斗管理', '观看直播：企业微信私域运营'];
const PRODUCT_LINES: Weighted<string> = [['CRM', 50], ['营销自动化', 25], ['客服中心', 15], ['BI 分析', 10]];

/** How often each engagement shows up after the capture: browsing and mail a lot, demos and trials rarely. */
const LATER_TOUCHES: Weighted<TouchTypeName> = [
  ['site_visit', 25], ['email_opened', 20], ['email_clicked', 8], ['content_downloaded', 10], ['pricing_page_visit', 6],
  ['form_submitted', 6], ['webinar_watched', 5], ['event_registered', 5], ['event_attended', 3], ['trial_signup', 3],
  ['demo_requested', 2], ['consultation', 2],
];

/** The engagement the capture itself is (capture.service.ts records the same). */
export const CAPTURE_TOUCH: Record<string, TouchTypeName> = {
  consultation: 'consultation', trial: 'trial_signup', demo_request: 'demo_requested', content_download: 'content_downloaded',
  event_signup: 'event_registered', referral: 'consultation', giveaway: 'form_submitted', other: 'form_submitted',
};

const OUTCOMES: Weighted<LeadOutcome> = [['open', 88], ['sql', 4], ['converted', 2], ['invalid', 4], ['returned', 2]];
const NAME_STYLES: Weighted<NameStyle> = [['plain', 13], ['city-with-shi', 5], ['city-in-brackets', 2]];
const ANY_TOUCH = new Set<string>(TOUCH_TYPES);

export interface LeadGeneratorOptions {
  seed: number | string;
  /** Leads loaded; the capture burst takes indexes from here on, so its people are new. */
  leads: number;
  /** Average touches per lead (pairs of leads share 2 × this, so the total is exact). */
  touchesPerLead: number;
  /** The instant the data is "as of": every time in it is relative to this. */
  now: Date;
  /** Share of owned leads whose recycle check is due on the day of `now`. */
  dueTodayShare?: number;
  /** Share of leads waiting in the pool rather than held by a rep. */
  poolShare?: number;
}

export class LeadGenerator {
  readonly now: number;
  private readonly root: Rng;
  private readonly leadStream: Rng;
  private readonly names: Permutation;
  private readonly handles: ContactPermutations;
  private readonly countSalt: number;

  constructor(readonly o: LeadGeneratorOptions) {
    this.now = o.now.getTime();
    this.root = new Rng(o.seed);
    this.leadStream = this.root.fork('leads');
    this.names = namePermutation(this.root.fork('lead-companies'));
    this.handles = contactPermutations(this.root.fork('lead-people'));
    this.countSalt = this.root.fork('touch-counts').next();
  }

  /** How many touches lead i has: 1 … 2·perLead-1, pairs summing to 2·perLead. */
  touchCount(i: number): number {
    const per = this.o.touchesPerLead;
    const spread = Math.min(per - 1, 4);
    if (spread <= 0 || (i % 2 === 0 && i + 1 >= this.o.leads)) return per;
    const shift = (mix32(this.countSalt ^ Math.imul(Math.floor(i / 2) + 1, 0x9e3779b1)) % (2 * spread + 1)) - spread;
    return i % 2 === 0 ? per + shift : per - shift;
  }

  /** The profile part of lead i, also what the capture burst sends for its new leads. */
  profile(i: number, r: Rng) {
    // Four leads in five are a company of their own; the fifth shares one with its neighbour (two people, one firm).
    const id = companyIdentity(this.names, Math.floor((i * 4) / 5));
    const size = r.chance(0.75) ? r.weighted(EMPLOYEE_SIZE_WEIGHTS) : null;
    const legal = size === '1000-4999' || size === '5000+' ? '股份有限公司' : '有限公司';
    const company = r.chance(0.92) ? formatCompanyName(id, legal, r.weighted(NAME_STYLES)) : null;
    const person = personName(r);
    const job = r.chance(0.85) ? r.weighted(JOB_TITLES) : null;
    const mobileRaw = r.chance(0.85) ? mobileFor(this.handles, i) : null;
    const local = emailLocalPart(r, person);
    const email = !mobileRaw || r.chance(0.5)
      ? (company && r.chance(0.6) ? `${local}${i % 97}@${domainSlug(id)}.com` : freeMailFor(r, this.handles, i, local, r.weighted(FREE_MAIL_DOMAINS)))
      : null;
    const source = r.weighted(SOURCES);
    const channel = r.weighted(CHANNELS_BY_SOURCE[source.key]);
    const campaign = r.chance(0.7) ? r.weighted(CAMPAIGNS) : null;
    const utmBase = UTM_BY_CHANNEL[channel];
    const utm: Record<string, string> = utmBase ? { ...utmBase } : {};
    if (utmBase && campaign) utm.campaign = campaign.slug;
    if (channel === '百度SEM') utm.term = r.pick(SEM_TERMS);
    return {
      name: person.name, company, title: job?.title ?? null,
      mobile: mobileRaw && formatMobile(r, mobileRaw), email,
      wechat: r.chance(0.2) ? wechatFor(r, this.handles, i, local, mobileRaw) : null,
      industry: r.chance(0.8) ? (r.chance(0.1) ? r.weighted(ANY_INDUSTRY) : r.weighted(id.word.industries)) : null,
      employeeSize: size, province: id.city.province, city: id.city.name,
      productLine: r.chance(0.6) ? r.weighted(PRODUCT_LINES) : null,
      source: source.key, sourceType: source.type, channel, campaign: campaign?.name ?? null, utm,
    };
  }

  /** Lead i with its touches and where it stands. */
  lead(i: number): GeneratedLead {
    const r = this.leadStream.fork(i);
    const p = this.profile(i, r);
    const now = this.now;
    const placement = r.chance(this.o.poolShare ?? 0.06) ? 'pool' : 'owned';
    const outcome = placement === 'pool' ? (r.chance(0.2) ? 'returned' : 'open') : r.weighted(OUTCOMES);
    let createdAt: number;
    let assignedAt: number | null = null;
    let firstTouchedAt: number | null = null;
    let lastFollowUpAt: number | null = null;
    let recycle: GeneratedLead['recycle'] = null;
    if (placement === 'owned') {
      // Work back from where the sweep left the check (default rules: 30 days without follow-up, 90 without a win,
      // warned 3 days ahead), so the lead's history agrees with it: due = last follow-up + 30 d, and 90 d after the
      // assignment comes later.
      const dueToday = r.chance(this.o.dueTodayShare ?? 0.05);
      const warnedBefore = dueToday && r.chance(0.5);
      const checkAt = dueToday ? now - r.float() * DAY : now + (0.01 + r.float() * 26.9) * DAY;
      const dueAt = warnedBefore ? checkAt : checkAt + 3 * DAY;
      lastFollowUpAt = dueAt - 30 * DAY;
      assignedAt = lastFollowUpAt - (0.5 + r.float() * 58.5) * DAY;
      firstTouchedAt = assignedAt + (0.5 + r.float() * 29.5) * HOUR;
      createdAt = assignedAt - (1 + r.float() * 29) * 60_000;
      recycle = { checkAt: new Date(checkAt), warnedAt: warnedBefore ? new Date(dueAt - 3 * DAY + r.float() * HOUR) : null, dueToday };
    } else {
      createdAt = now - (1 + r.float() * 88) * DAY;
      if (r.chance(0.6)) firstTouchedAt = createdAt + r.float() * 3 * DAY;
      if (firstTouchedAt && r.chance(0.7)) lastFollowUpAt = firstTouchedAt + r.float() * 20 * DAY;
    }
    const touches: GeneratedTouch[] = [{ type: CAPTURE_TOUCH[p.source], occurredAt: new Date(createdAt), label: null }];
    const later: number[] = [];
    for (let k = 1; k < this.touchCount(i); k++) later.push(createdAt + r.float() * (now - createdAt));
    later.sort((a, b) => a - b);
    for (const at of later) {
      const type = r.weighted(LATER_TOUCHES);
      const label = type === 'content_downloaded' ? r.pick(CONTENT_TITLES) : type === 'webinar_watched' ? r.pick(WEBINAR_TITLES) : null;
      touches.push({ type, occurredAt: new Date(at), label });
    }
    return {
      ...p, createdAt: new Date(createdAt), touches, placement, ownerSlot: mix32(i ^ 0x2545f491), outcome,
      assignedAt: assignedAt === null ? null : new Date(assignedAt), firstTouchedAt: firstTouchedAt === null ? null : new Date(firstTouchedAt),
      lastFollowUpAt: lastFollowUpAt === null ? null : new Date(Math.min(lastFollowUpAt, now)), recycle,
    };
  }

  /** What a user would type to find lead i: the brand + industry word of its firm, and its mobile (or the next lead's). */
  searchTerms(i: number): { company: string; mobile: string } {
    const id = companyIdentity(this.names, Math.floor((i * 4) / 5));
    let k = i;
    while (!this.lead(k).mobile) k++;
    return { company: `${id.brand.name}${id.word.word}`.slice(0, 4), mobile: mobileFor(this.handles, k) };
  }

  /** Leads [from, to) one at a time: the caller writes each out and keeps none. */
  *leads(from = 0, to = this.o.leads): Generator<[number, GeneratedLead]> {
    for (let i = from; i < to; i++) yield [i, this.lead(i)];
  }
}

export const isTouchType = (t: string): t is TouchTypeName => ANY_TOUCH.has(t);
