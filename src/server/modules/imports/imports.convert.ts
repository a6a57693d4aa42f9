// Spreadsheet text → the values our contracts accept: dictionary labels in either language, HubSpot and
// Salesforce picklist values, head counts, revenue written as 1,200万 or 1.2亿.
import {
  INDUSTRIES, LEVELS, SEGMENTS, LIFECYCLE_STAGES, SOURCES, LEAD_SOURCES, BUYING_ROLES, STANCES, PROVINCES, type DictEntry,
} from '../../../shared/dictionaries.js';
import { toHalfWidth } from '../../../shared/normalize.js';

const norm = (s: string) => toHalfWidth(s).toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

type Aliases = Record<string, string[]>;

function dictLookup(dict: DictEntry[], aliases: Aliases = {}) {
  const map = new Map<string, string>();
  for (const e of dict) for (const v of [e.key, e.zh, e.en]) map.set(norm(v), e.key);
  for (const [key, list] of Object.entries(aliases)) for (const a of list) if (!map.has(norm(a))) map.set(norm(a), key);
  return (value: string): string | undefined => map.get(norm(value));
}

const industryByName = dictLookup(INDUSTRIES, {
  A: ['agriculture', 'farming', '农业', '林业', '畜牧业', '渔业'],
  B: ['mining', 'miningmetals', '采矿', '矿业'],
  C: ['制造', '工业', 'machinery', 'electronics', 'electricalelectronicmanufacturing', 'chemicals', 'industrialautomation', 'consumergoods'],
  D: ['energy', 'oilenergy', 'oilgas', '能源', '电力', '燃气', '水务'],
  E: ['建筑', '建设', '工程', 'civilengineering', 'buildingmaterials'],
  F: ['retail', 'wholesale', '零售', '批发', '商贸'],
  G: ['transportation', 'transportationtruckingrailroad', 'airlinesaviation', '交通', '运输', '邮政', '仓储'],
  H: ['hospitality', 'restaurants', 'foodbeverages', '餐饮', '酒店', '住宿'],
  I: ['informationtechnologyandservices', 'informationtechnology', 'it', 'itservices', 'technology', 'telecommunications',
    '信息技术', 'it服务', '软件和信息技术', '电信', '通信'],
  J: ['financialservices', 'banking', 'insurance', 'financial', '金融', '银行', '保险', '证券', '基金'],
  K: ['房地产', '地产'],
  L: ['consulting', 'managementconsulting', 'businessservices', 'marketingandadvertising', '咨询', '商务服务', '租赁'],
  M: ['research', 'biotechnology', '科研', '科学研究', '技术服务'],
  N: ['environmentalservices', '环保', '环境'],
  O: ['consumerservices', '居民服务', '维修'],
  P: ['education', 'educationmanagement', 'highereducation', 'primarysecondaryeducation', '教育', '学校', '高校'],
  Q: ['socialwork', '卫生', '社会工作'],
  R: ['media', 'entertainment', 'sports', 'broadcastmedia', '文化', '传媒', '娱乐', '体育'],
  S: ['nonprofit', 'nonprofitorganizationmanagement', 'publicadministration', '公共管理', '社会组织', '协会'],
  'saas:internet': ['internet', '互联网'],
  'saas:ecommerce': ['ecommerce', '电商', '电子商务'],
  'saas:enterprise-software': ['computersoftware', 'software', 'saas', 'enterprisesoftware', '软件', '企业服务', 'saas软件'],
  'saas:fintech': ['金融科技'],
  'saas:healthcare': ['hospitalhealthcare', 'medicaldevices', 'pharmaceuticals', '医疗', '医药', '医院', '健康'],
  'saas:edtech': ['elearning', 'edtech', '在线教育', '培训'],
  'saas:automotive': ['汽车', 'automobile', 'auto'],
  'saas:logistics': ['logistics', 'logisticsandsupplychain', 'supplychain', '物流', '供应链'],
  'saas:government': ['government', 'governmentadministration', '政府', '政务', '国企', '央企'],
});

/**
 * An industry by its label, key or alias; failing that, by the name without its 行业 / 服务业 / 业 ending, as people write
 * it in spreadsheets: 制造行业, 金融服务业, 软件和信息技术服务业 (the GB/T 4754 division under section I).
 */
export function toIndustry(value: string): string | undefined {
  const key = industryByName(value);
  if (key !== undefined) return key;
  const text = value.trim();
  const stem = text.replace(/(行业|服务业|业)$/u, '');
  return stem && stem !== text ? industryByName(stem) : undefined;
}

export const toLevel = dictLookup(LEVELS, {
  A: ['a级', 'hot', 'tier1', '重点'], B: ['b级', 'warm', 'tier2'], C: ['c级', 'cold', 'tier3'],
});

export const toSegment = dictLookup(SEGMENTS, {
  KA: ['ka', '大客户', '关键客户', 'keyaccount', 'enterprise', '大型'],
  mid: ['腰部', '腰部客户', '中型', '中大型', 'midmarket', 'mid'],
  SMB: ['中小', '中小客户', '小微', '小客户', 'smallbusiness', 'smb'],
});

const stageLookup = dictLookup(LIFECYCLE_STAGES, {
  prospect: ['subscriber', 'lead', 'other', '潜在', '线索', 'prospect'],
  engaged: ['marketingqualifiedlead', 'salesqualifiedlead', 'mql', 'sql', '意向', '跟进中', '有意向'],
  opportunity: ['商机', '商机阶段'],
  customer: ['evangelist', '成交', '已成交', '签约客户', '老客户', '付费客户'],
  churned: ['formercustomer', 'churn', '流失', '已流失'],
});

/** Salesforce account types read "Customer - Direct", "Customer - Channel": any customer is a customer. */
export const toLifecycleStage = (v: string) => stageLookup(v) ?? (norm(v).startsWith('customer') ? 'customer' : undefined);

export const toSource = dictLookup(SOURCES, {
  website: ['官网', '网站', '官网咨询', 'web', 'organicsearch', 'directtraffic', 'inbound'],
  trial: ['试用', 'freetrial', '免费试用'],
  referral: ['转介绍', '推荐', '客户推荐', 'referrals', 'wordofmouth', 'employeereferral', 'externalreferral'],
  event: ['展会', '活动', '会议', '会展', 'tradeshow', 'seminar', 'webinar', 'offlinesources', 'offline'],
  content: ['内容', '白皮书', '资料下载', 'emailmarketing', 'content'],
  sem: ['广告', '百度', '竞价', 'paidsearch', 'advertisement', 'paidsocial', 'ads'],
  outbound: ['陌拜', '电销', '电话', '外呼', 'coldcall', 'phoneinquiry'],
  partner: ['渠道', '合作伙伴', '代理商', 'partnerreferral', 'channel'],
  other: ['其他', 'othercampaigns', 'purchasedlist', 'socialmedia'],
});

// Lead sources say what the person asked for; HubSpot's and Salesforce's say which channel brought them. A channel
// maps to the intent it usually carries (a search visitor consults, an offline source signed up at an event).
const leadSourceLookup = dictLookup(LEAD_SOURCES, {
  consultation: ['咨询', '在线咨询', '电话咨询', '来电', '来电咨询', '400电话', '官网咨询', '留言', '联系我们', 'contactus', 'inquiry',
    'phoneinquiry', 'web', 'website', '官网', 'organicsearch', 'paidsearch', 'directtraffic', 'inbound', '搜索', '百度', 'sem', 'seo'],
  trial: ['试用', '免费试用', '注册试用', '注册', 'freetrial', 'signup'],
  demo_request: ['演示', '产品演示', '申请演示', '预约', 'demo', 'requestademo', 'demorequested'],
  referral: ['推荐', '客户推荐', '老客户推荐', '转介', 'referrals', 'partnerreferral', 'employeereferral', 'externalreferral', 'wordofmouth'],
  content_download: ['下载', '白皮书', '白皮书下载', '内容下载', '资料', 'emailmarketing', 'whitepaper', 'ebook', 'download'],
  giveaway: ['礼品', '抽奖', '赠品', '领奖', '福利'],
  event_signup: ['活动', '报名', '展会', '会议', '沙龙', '直播', '研讨会', 'offlinesources', 'offline', 'tradeshow', 'seminar',
    'seminarinternal', 'seminarpartner', 'webinar', 'event', 'conference'],
  other: ['其它', 'othercampaigns', 'socialmedia', 'paidsocial', 'purchasedlist', 'advertisement', 'integration'],
});

/** A lead source: our key, a label in either language, or a HubSpot / Salesforce value; undefined when unknown. */
export const toLeadSource = leadSourceLookup;

/** Whether the text is our own label of the key (then it says nothing a channel column would add). */
export const isLeadSourceLabel = (text: string, key: string) => {
  const e = LEAD_SOURCES.find((s) => s.key === key);
  return !!e && [e.key, e.zh, e.en].some((v) => norm(v) === norm(text));
};

/** 主动 / 被动, in either language. */
export function toSourceType(v: string): 'active' | 'passive' | undefined {
  const n = norm(v);
  if (['主动', 'active', 'inbound', '主动型'].includes(n)) return 'active';
  if (['被动', 'passive', '被动型'].includes(n)) return 'passive';
  return undefined;
}

export const toBuyingRole = dictLookup(BUYING_ROLES, {
  user: ['使用', '使用者', '用户', '最终用户', 'enduser'],
  evaluator: ['评估', '技术评估', '评估人', 'influencer', 'technicalbuyer'],
  budget: ['预算', '财务', '预算人', 'economicbuyer'],
  decision_maker: ['拍板', '拍板人', '决策', '决策人', '决策者', 'decisionmaker', 'dm'],
  signer: ['签字', '签字人', '签约人'],
});

export const toStance = dictLookup(STANCES, {
  support: ['champion', '支持者', '教练', '内线', 'supportive', 'support'],
  neutral: ['中立者', 'neutral'],
  oppose: ['blocker', '反对者', '阻碍', 'opposed', 'oppose'],
});

const PROVINCE_PINYIN: Record<string, string> = {
  beijing: '北京市', tianjin: '天津市', hebei: '河北省', shanxi: '山西省', innermongolia: '内蒙古自治区', neimenggu: '内蒙古自治区',
  liaoning: '辽宁省', jilin: '吉林省', heilongjiang: '黑龙江省', shanghai: '上海市', jiangsu: '江苏省', zhejiang: '浙江省',
  anhui: '安徽省', fujian: '福建省', jiangxi: '江西省', shandong: '山东省', henan: '河南省', hubei: '湖北省', hunan: '湖南省',
  guangdong: '广东省', guangxi: '广西壮族自治区', hainan: '海南省', chongqing: '重庆市', sichuan: '四川省', guizhou: '贵州省',
  yunnan: '云南省', tibet: '西藏自治区', xizang: '西藏自治区', shaanxi: '陕西省', gansu: '甘肃省', qinghai: '青海省',
  ningxia: '宁夏回族自治区', xinjiang: '新疆维吾尔自治区', taiwan: '台湾省', hongkong: '香港特别行政区', macau: '澳门特别行政区',
  macao: '澳门特别行政区',
};
const shortProvince = (s: string) => s.replace(/(省|市|壮族|回族|维吾尔|自治区|特别行政区)/g, '');
const PROVINCE_BY_SHORT = new Map(PROVINCES.map((p) => [shortProvince(p), p as string]));

/** 广东 / 广东省 / Guangdong / Guangdong Province → 广东省. */
export function toProvince(v: string): string | undefined {
  const n = norm(v);
  return PROVINCE_BY_SHORT.get(shortProvince(n)) ?? PROVINCE_PINYIN[n.replace(/(province|city|municipality|sar)$/, '')];
}

/** A head count (320), a range (51-200, 1000人以上) or one of our bands → our band (a band's midpoint lies in it). */
export function toEmployeeSize(v: string): string | undefined {
  const s = toHalfWidth(v).replace(/[,，]/g, '');
  const nums = (s.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  if (!nums.length) return undefined;
  const scale = /万/.test(s) ? 10_000 : /千/.test(s) ? 1_000 : 1;
  let n = (nums.length >= 2 ? (nums[0] + nums[1]) / 2 : nums[0]) * scale;
  if (/以下|以内|少于|不足|</.test(s)) n -= 1;
  if (n < 1) return undefined;
  if (n < 50) return '1-49';
  if (n < 100) return '50-99';
  if (n < 500) return '100-499';
  if (n < 1000) return '500-999';
  if (n < 5000) return '1000-4999';
  return '5000+';
}

const SCALE: Record<string, number> = { 千: 3, 万: 4, 十万: 5, 百万: 6, 千万: 7, 亿: 8, k: 3, m: 6, mm: 6, b: 9, bn: 9 };

/** "1,200万" → "12000000", "1.2亿" → "120000000", "¥3.5M" → "3500000"; anything else is returned as typed. */
export function toRevenue(v: string): string {
  const s = toHalfWidth(v).replace(/[,，\s¥￥$]|rmb|cny|usd|元|人民币/gi, '');
  const m = /^(\d+)(?:\.(\d+))?(千|万|十万|百万|千万|亿|k|mm|m|bn|b)?$/i.exec(s);
  if (!m) return v;
  const shift = m[3] ? SCALE[m[3].toLowerCase()] : 0;
  const frac = (m[2] ?? '').padEnd(shift, '0');
  const intPart = (m[1] + frac.slice(0, shift)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(shift).slice(0, 2).replace(/0+$/, '');
  return rest ? `${intPart}.${rest}` : intPart;
}

/** Tags and multi-values are written with any of , ， ; ； | 、 between them. */
export const splitList = (v: string) => [...new Set(v.split(/[,，;；|、\n]/).map((s) => s.trim()).filter(Boolean))];

export function toBoolean(v: string): boolean | undefined {
  const n = norm(v);
  if (['是', 'y', 'yes', 'true', '1', '√', '主', '主要'].includes(n)) return true;
  if (['否', 'n', 'no', 'false', '0', '×', 'x'].includes(n)) return false;
  return undefined;
}

/** 2024/1/5, 2024.1.5, 2024年1月5日, 2024-01-05 → 2024-01-05. */
export function toDate(v: string): string | undefined {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(toHalfWidth(v).trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
