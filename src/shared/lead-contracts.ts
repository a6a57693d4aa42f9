// zod contracts for leads: what the API, the public form, the import and the web form accept.
import { z } from 'zod';
import { instant, optionalEnum, optionalText, text, recordVersion } from './schema-parts.js';
import { EMPLOYEE_SIZES, INDUSTRIES, LEAD_SOURCES, PROVINCES, REJECTION_REASONS, FOLLOW_UP_METHODS, keysOf } from './dictionaries.js';
import { isMainlandMobile, normalizeMobile, toHalfWidth } from './normalize.js';


export const LEAD_SOURCE_KEYS = keysOf(LEAD_SOURCES);

/** Fields a public lead form may ask, beyond the name (always asked). */
export const FORM_FIELDS = ['company', 'title', 'mobile', 'email', 'wechat', 'industry', 'employeeSize', 'province', 'city', 'notes'] as const;
/** How the public form page names each field for a visitor, in the form's language (the editor shows these beside the CRM's own names). */
export const FORM_FIELD_VISITOR_LABELS: Record<'name' | (typeof FORM_FIELDS)[number], { zh: string; en: string }> = {
  name: { zh: '姓名', en: 'Name' }, company: { zh: '公司名称', en: 'Company' }, title: { zh: '职位', en: 'Job title' },
  mobile: { zh: '手机', en: 'Mobile' }, email: { zh: '邮箱', en: 'Email' }, wechat: { zh: '微信', en: 'WeChat' },
  industry: { zh: '行业', en: 'Industry' }, employeeSize: { zh: '公司规模', en: 'Company size' }, province: { zh: '省份', en: 'Province' },
  city: { zh: '城市', en: 'City' }, notes: { zh: '需求描述', en: 'What do you need?' },
};
/** The languages a public form page can speak to its visitors; its title and thank-you text are marketing's own. */
export const FORM_LOCALES = ['zh-CN', 'en'] as const;
export type FormLocale = (typeof FORM_LOCALES)[number];
/** What a visitor reads after submitting, when marketing wrote no thank-you text of its own. */
export const FORM_DEFAULT_THANKS: Record<FormLocale, string> = { 'zh-CN': '提交成功，我们会尽快与您联系。', en: 'Thank you. We will be in touch soon.' };
/** A visitor must leave a way to reach them (see reachableMessage), so a form asks for at least one of these. */
export const FORM_CONTACT_FIELDS: readonly string[] = ['mobile', 'email', 'wechat'];

/** A mobile in any usual form (+86 138-0013-8000, 8613800138000…); must be a mainland mobile, and is kept as its 11 digits. */
export const leadMobileSchema = text(40).transform((v) => (v === '' ? null : v)).nullish()
  .refine((v) => v == null || isMainlandMobile(normalizeMobile(v) ?? ''), { message: '手机号格式不正确 / invalid mobile number' })
  .transform((v) => (v == null ? v : normalizeMobile(v)));

/** An email, full-width characters (ｗｕ＠ｅｘａｍｐｌｅ．ｃｏｍ, typed with a Chinese IME) read as their ASCII forms. */
export const leadEmailSchema = text(200).transform((v) => (v === '' ? null : toHalfWidth(v))).nullish()
  .refine((v) => v == null || z.email().safeParse(v).success, { message: '邮箱格式不正确 / invalid email' });

export const utmSchema = z.object({
  source: text(100).optional(), medium: text(100).optional(), campaign: text(200).optional(),
  term: text(200).optional(), content: text(200).optional(),
}).default({});

export const leadProfileFields = {
  name: text(100).min(1, '请填写姓名 / name is required'),
  company: optionalText(200),
  title: optionalText(100),
  mobile: leadMobileSchema,
  email: leadEmailSchema,
  wechat: optionalText(100),
  industry: optionalEnum(keysOf(INDUSTRIES)),
  employeeSize: optionalEnum(keysOf(EMPLOYEE_SIZES)),
  province: optionalEnum([...PROVINCES] as [string, ...string[]]),
  city: optionalText(50),
  productLine: optionalText(50),
  notes: optionalText(5000),
};

const reachable = (v: { mobile?: string | null; email?: string | null; wechat?: string | null }) => Boolean(v.mobile || v.email || v.wechat);
const reachableMessage = { message: '手机、邮箱、微信至少填一项 / give a mobile, an email or a WeChat id', path: ['mobile'] };

/** What happens when the lead matches one already on file. */
export const DUPLICATE_ACTIONS = ['refuse', 'merge', 'link'] as const;

export const CreateLeadInput = z.object({
  ...leadProfileFields,
  source: z.enum(LEAD_SOURCE_KEYS),
  /** Defaults from the source: consultation/trial/demo/referral are 主动, the rest 被动. */
  sourceType: z.enum(['active', 'passive']).optional(),
  channel: optionalText(100),
  campaign: optionalText(200),
  utm: utmSchema,
  /** refuse (default): 409 with the matches; merge: fold into the matching open lead; link: keep both, linked. */
  onDuplicate: z.enum(DUPLICATE_ACTIONS).default('refuse'),
  /** Keep the lead myself instead of routing it (a rep entering their own lead). */
  assignToMe: z.boolean().default(false),
}).refine(reachable, reachableMessage);
export type CreateLeadInput = z.infer<typeof CreateLeadInput>;

export const UpdateLeadInput = z.object({
  ...leadProfileFields,
  channel: optionalText(100),
  campaign: optionalText(200),
}).partial().extend({ version: recordVersion() });
export type UpdateLeadInput = z.infer<typeof UpdateLeadInput>;

export const MarkLeadInvalidInput = z.object({ reason: text(500).min(2, '请填写无效原因 / give a reason'), version: recordVersion() });

export const LogFollowUpInput = z.object({
  method: z.enum(keysOf(FOLLOW_UP_METHODS)),
  content: text(5000).min(2, '请填写跟进内容 / describe the follow-up'),
  /** A real conversation (connected call, visit, meeting) rather than an attempt. */
  isValid: z.boolean().default(true),
  occurredAt: instant().optional(),
  nextStep: optionalText(500),
});
export type LogFollowUpInput = z.infer<typeof LogFollowUpInput>;

export const HandOverInput = z.object({
  // One answer per item of the standard (at most 20 items).
  checklist: z.record(z.string().max(50), z.object({ checked: z.boolean(), note: text(1000).optional() }))
    .refine((c) => Object.keys(c).length <= 20, { message: '检查项最多 20 个 / at most 20 checklist items' }),
  version: recordVersion(),
});
export type HandOverInput = z.infer<typeof HandOverInput>;

export const RejectLeadInput = z.object({
  reason: z.enum(keysOf(REJECTION_REASONS)),
  note: optionalText(1000),
  version: recordVersion(),
});
export type RejectLeadInput = z.infer<typeof RejectLeadInput>;

/** The public web form: no login, so every field is bounded and a honeypot catches bots. */
export const PublicFormSubmission = z.object({
  ...leadProfileFields,
  /** Honeypot: hidden from people, filled in by bots. */
  website: z.string().max(500).optional(),
  utm: utmSchema,
  /** The form's own event id, so a double submit records one touch. */
  eventId: text(100).optional(),
}).refine(reachable, reachableMessage);
export type PublicFormSubmission = z.infer<typeof PublicFormSubmission>;
