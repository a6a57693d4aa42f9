// Dictionaries Baton ships with (shared/DESIGN.md, "Rules Baton ships with"). Keys are stored; labels are shown.

export interface DictEntry { key: string; zh: string; en: string }
const entries = (rows: [string, string, string][]): DictEntry[] => rows.map(([key, zh, en]) => ({ key, zh, en }));

/** GB/T 4754-2017 门类 (sections A–T), then the SaaS short list most B2B teams segment by. */
export const INDUSTRIES = entries([
  ['A', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery'],
  ['B', '采矿业', 'Mining'],
  ['C', '制造业', 'Manufacturing'],
  ['D', '电力、热力、燃气及水生产和供应业', 'Utilities'],
  ['E', '建筑业', 'Construction'],
  ['F', '批发和零售业', 'Wholesale and retail'],
  ['G', '交通运输、仓储和邮政业', 'Transport, storage and postal'],
  ['H', '住宿和餐饮业', 'Accommodation and catering'],
  ['I', '信息传输、软件和信息技术服务业', 'Information, software and IT services'],
  ['J', '金融业', 'Finance'],
  ['K', '房地产业', 'Real estate'],
  ['L', '租赁和商务服务业', 'Leasing and business services'],
  ['M', '科学研究和技术服务业', 'Scientific research and technical services'],
  ['N', '水利、环境和公共设施管理业', 'Water, environment and public facilities'],
  ['O', '居民服务、修理和其他服务业', 'Resident, repair and other services'],
  ['P', '教育', 'Education'],
  ['Q', '卫生和社会工作', 'Health and social work'],
  ['R', '文化、体育和娱乐业', 'Culture, sports and entertainment'],
  ['S', '公共管理、社会保障和社会组织', 'Public administration and social organisations'],
  ['T', '国际组织', 'International organisations'],
  ['saas:internet', '互联网', 'Internet'],
  ['saas:ecommerce', '电商零售', 'E-commerce and retail'],
  ['saas:enterprise-software', '企业服务/SaaS', 'Enterprise software / SaaS'],
  ['saas:smart-manufacturing', '智能制造', 'Smart manufacturing'],
  ['saas:fintech', '金融科技', 'Fintech'],
  ['saas:healthcare', '医疗健康', 'Healthcare'],
  ['saas:edtech', '教育培训', 'Education and training'],
  ['saas:automotive', '汽车', 'Automotive'],
  ['saas:logistics', '物流供应链', 'Logistics and supply chain'],
  ['saas:government', '政务/国企', 'Government / SOE'],
]);

export const EMPLOYEE_SIZES = entries([
  ['1-49', '1-49 人', '1-49'], ['50-99', '50-99 人', '50-99'], ['100-499', '100-499 人', '100-499'],
  ['500-999', '500-999 人', '500-999'], ['1000-4999', '1000-4999 人', '1,000-4,999'], ['5000+', '5000 人以上', '5,000+'],
]);

export const LEVELS = entries([['A', 'A 类', 'A'], ['B', 'B 类', 'B'], ['C', 'C 类', 'C']]);
export const SEGMENTS = entries([['KA', 'KA 大客户', 'Key account'], ['mid', '腰部客户', 'Mid-market'], ['SMB', 'SMB 中小客户', 'SMB']]);

export const LIFECYCLE_STAGES = entries([
  ['prospect', '潜在客户', 'Prospect'], ['engaged', '意向客户', 'Engaged'], ['opportunity', '商机客户', 'Opportunity'],
  ['customer', '成交客户', 'Customer'], ['churned', '流失客户', 'Churned'],
]);

export const SOURCES = entries([
  ['website', '官网咨询', 'Website'], ['trial', '产品试用', 'Trial'], ['referral', '客户转介绍', 'Referral'],
  ['event', '展会/活动', 'Event'], ['content', '内容下载', 'Content download'], ['sem', '广告/SEM', 'Paid search'],
  ['outbound', '电话/陌拜', 'Outbound'], ['partner', '合作伙伴', 'Partner'], ['other', '其他', 'Other'],
]);

export const BUYING_ROLES = entries([
  ['user', '使用方', 'User'], ['evaluator', '评估方', 'Evaluator'], ['budget', '预算方', 'Budget holder'],
  ['decision_maker', '拍板方', 'Decision maker'], ['signer', '签字方', 'Signer'],
]);

export const STANCES = entries([['support', '支持', 'Supporter'], ['neutral', '中立', 'Neutral'], ['oppose', '反对', 'Opposed']]);

export const RELATIONSHIP_STRENGTHS = entries([['1', '认识', 'Acquainted'], ['2', '熟悉', 'Familiar'], ['3', '密切', 'Close']]);

/** Lead tiers, best first (the scoring model's thresholds decide them). */
export const TIERS = ['A', 'B', 'C', 'D'] as const;

/** The touch (engagement) types the scoring model gives points for, in the order the editors list them. */
export const TOUCH_TYPES = [
  'form_submitted', 'content_downloaded', 'event_registered', 'event_attended', 'webinar_watched', 'email_opened',
  'email_clicked', 'site_visit', 'pricing_page_visit', 'trial_signup', 'demo_requested', 'consultation',
] as const;

/** A lead's first-touch SLA state, in the order the filter lists them. */
export const SLA_STATES = ['on_track', 'warning', 'breached', 'met', 'none'] as const;

/** Lead source types: 主动 inbound intent vs 被动 incentive-driven. Keys are stored; labels are shown. */
export const LEAD_SOURCE_TYPES = entries([['active', '主动', 'Active (hand-raiser)'], ['passive', '被动', 'Passive (content, events, offers)']]);

/** Lead sources, each with the source type it implies: 主动 inbound intent, 被动 incentive-driven. */
export const LEAD_SOURCES: (DictEntry & { sourceType: 'active' | 'passive' })[] = [
  { key: 'consultation', zh: '咨询', en: 'Consultation', sourceType: 'active' },
  { key: 'trial', zh: '申请试用', en: 'Trial', sourceType: 'active' },
  { key: 'demo_request', zh: '预约演示', en: 'Demo request', sourceType: 'active' },
  { key: 'referral', zh: '转介绍', en: 'Referral', sourceType: 'active' },
  { key: 'content_download', zh: '资料下载', en: 'Content download', sourceType: 'passive' },
  { key: 'giveaway', zh: '礼品/抽奖', en: 'Giveaway', sourceType: 'passive' },
  { key: 'event_signup', zh: '活动报名', en: 'Event sign-up', sourceType: 'passive' },
  { key: 'other', zh: '其他', en: 'Other', sourceType: 'passive' },
];

/** Why sales sends an SQL back to marketing; reported by count. */
export const REJECTION_REASONS = entries([
  ['no_budget', '没有预算', 'No budget'], ['not_decision_maker', '非决策人且无法接触决策人', 'Not a decision maker'],
  ['no_need', '没有真实需求', 'No real need'], ['timeline_far', '采购时间太远', 'Timeline too far out'],
  ['unreachable', '联系不上', 'Unreachable'], ['false_info', '信息不实', 'False information'],
  ['duplicate', '重复线索', 'Duplicate'], ['competitor_locked', '已签竞品', 'Locked in with a competitor'], ['other', '其他', 'Other'],
]);

/** How a follow-up happened (跟进方式). */
export const FOLLOW_UP_METHODS = entries([
  ['call', '电话', 'Call'], ['wechat', '微信/企微', 'WeChat / WeCom'], ['visit', '拜访', 'Visit'], ['email', '邮件', 'Email'],
  ['sms', '短信', 'SMS'], ['meeting', '会议', 'Meeting'], ['event', '活动', 'Event'],
]);

export const LEAD_STATUS_LABELS = entries([
  ['new', '新建', 'New'], ['cleaning', '清洗中', 'Cleaning'], ['nurturing', '培育中', 'Nurturing'], ['mql', 'MQL', 'MQL'],
  ['sql', 'SQL', 'SQL'], ['converted', '已转化', 'Converted'], ['invalid', '无效', 'Invalid'], ['returned', '退回', 'Returned'],
]);

/** Provinces (省级行政区). The Chinese name is both what is stored and the zh label. */
export const PROVINCE_LABELS = entries([
  ['北京市', '北京市', 'Beijing'], ['天津市', '天津市', 'Tianjin'], ['河北省', '河北省', 'Hebei'], ['山西省', '山西省', 'Shanxi'],
  ['内蒙古自治区', '内蒙古自治区', 'Inner Mongolia'], ['辽宁省', '辽宁省', 'Liaoning'], ['吉林省', '吉林省', 'Jilin'],
  ['黑龙江省', '黑龙江省', 'Heilongjiang'], ['上海市', '上海市', 'Shanghai'], ['江苏省', '江苏省', 'Jiangsu'], ['浙江省', '浙江省', 'Zhejiang'],
  ['安徽省', '安徽省', 'Anhui'], ['福建省', '福建省', 'Fujian'], ['江西省', '江西省', 'Jiangxi'], ['山东省', '山东省', 'Shandong'],
  ['河南省', '河南省', 'Henan'], ['湖北省', '湖北省', 'Hubei'], ['湖南省', '湖南省', 'Hunan'], ['广东省', '广东省', 'Guangdong'],
  ['广西壮族自治区', '广西壮族自治区', 'Guangxi'], ['海南省', '海南省', 'Hainan'], ['重庆市', '重庆市', 'Chongqing'],
  ['四川省', '四川省', 'Sichuan'], ['贵州省', '贵州省', 'Guizhou'], ['云南省', '云南省', 'Yunnan'], ['西藏自治区', '西藏自治区', 'Tibet'],
  ['陕西省', '陕西省', 'Shaanxi'], ['甘肃省', '甘肃省', 'Gansu'], ['青海省', '青海省', 'Qinghai'], ['宁夏回族自治区', '宁夏回族自治区', 'Ningxia'],
  ['新疆维吾尔自治区', '新疆维吾尔自治区', 'Xinjiang'], ['台湾省', '台湾省', 'Taiwan'], ['香港特别行政区', '香港特别行政区', 'Hong Kong'],
  ['澳门特别行政区', '澳门特别行政区', 'Macao'],
]);

/** The stored province values, derived so the list and its labels cannot disagree. */
export const PROVINCES: readonly string[] = PROVINCE_LABELS.map((e) => e.key);

/** Sales regions (大区) that lead routing derives from the province (leads.routing.ts); the Chinese name is stored. */
export const REGION_LABELS = entries([
  ['华北', '华北', 'North China'], ['东北', '东北', 'Northeast China'], ['华东', '华东', 'East China'], ['华中', '华中', 'Central China'],
  ['华南', '华南', 'South China'], ['西南', '西南', 'Southwest China'], ['西北', '西北', 'Northwest China'],
  ['港澳台', '港澳台', 'Hong Kong, Macao and Taiwan'],
]);

export const DATA_SCOPES = entries([
  ['self', '本人', 'Own'], ['self_and_subordinates', '本人及下属', 'Own and subordinates'],
  ['department', '本部门', 'Department'], ['department_tree', '本部门及下属', 'Department and sub-departments'],
  ['all', '全部', 'All'],
]);
export type DataScope = 'self' | 'self_and_subordinates' | 'department' | 'department_tree' | 'all';

export const FIELD_ACCESS = entries([
  ['hidden', '不可见', 'Hidden'], ['masked', '只读（脱敏）', 'Read-only, masked'], ['read', '只读', 'Read-only'], ['edit', '可编辑', 'Editable'],
]);
export type FieldAccess = 'hidden' | 'masked' | 'read' | 'edit';

/** Everything a role can be granted. */
export const PERMISSIONS = [
  'accounts.read', 'accounts.write', 'accounts.delete', 'accounts.merge', 'accounts.import', 'accounts.export',
  'contacts.read', 'contacts.write', 'contacts.delete',
  'audit.read', 'admin.workspace', 'admin.users', 'admin.roles', 'admin.departments', 'admin.custom_fields', 'admin.api_keys',
  // Leads: read/write within the data scope; assign hands leads to others; qualify hands an MQL to sales (marketing);
  // accept takes or rejects an SQL (sales); the two sign permissions are the two sides of the SQL standard.
  'leads.read', 'leads.write', 'leads.assign', 'leads.import', 'leads.export', 'leads.qualify', 'leads.accept', 'leads.convert',
  'pools.claim', 'sql_standard.sign_marketing', 'sql_standard.sign_sales',
  'admin.lead_rules', 'admin.pools', 'admin.webhooks',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Fields whose visibility a role can restrict, per entity. */
export const PROTECTED_FIELDS = {
  account: ['creditCode', 'annualRevenue', 'website', 'notes', 'needs'],
  contact: ['mobile', 'email', 'wechat', 'notes'],
  lead: ['mobile', 'email', 'wechat'],
} as const;

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multi_select'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const keysOf = (d: DictEntry[]) => d.map((e) => e.key) as [string, ...string[]];
