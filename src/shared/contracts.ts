// zod contracts for what clients send: used by the server to validate, by the web to validate forms
// before sending, and by the CLI import to check rows.
import { z } from 'zod';
import { optionalEnum, optionalText, text, recordVersion, timeZone } from './schema-parts.js';
import {
  INDUSTRIES, EMPLOYEE_SIZES, LEVELS, SEGMENTS, LIFECYCLE_STAGES, SOURCES, BUYING_ROLES, STANCES, PROVINCES,
  DATA_SCOPES, FIELD_ACCESS, PERMISSIONS, CUSTOM_FIELD_TYPES, keysOf,
} from './dictionaries.js';
import { normalizeCreditCode, isValidCreditCode, normalizeMobile, isMainlandMobile } from './normalize.js';

const uuid = z.uuid();

export const creditCodeSchema = z.string().transform(normalizeCreditCode)
  .refine((v) => v == null || isValidCreditCode(v), { message: '统一社会信用代码格式或校验位不正确 / invalid unified social credit code' });

/** Decimal money as a string with up to 2 decimals; accepts numbers and 1,234.5 style strings. */
export const moneySchema = z.union([z.number(), z.string()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.replace(/[,，\s]/g, '')))
  .refine((v) => v === '' || /^\d{1,16}(\.\d{1,2})?$/.test(v), { message: '金额格式不正确 / invalid amount' })
  .transform((v) => (v === '' ? null : v));

export const customValuesSchema = z.record(z.string().max(64), z.unknown());

export const accountFields = {
  name: text(200).min(2, '客户名称至少 2 个字 / name needs at least 2 characters'),
  creditCode: creditCodeSchema.nullish(),
  industry: optionalEnum(keysOf(INDUSTRIES)),
  employeeSize: optionalEnum(keysOf(EMPLOYEE_SIZES)),
  annualRevenue: moneySchema.nullish(),
  province: optionalEnum([...PROVINCES] as [string, ...string[]]),
  city: optionalText(50),
  website: optionalText(300),
  level: optionalEnum(keysOf(LEVELS)),
  segment: optionalEnum(keysOf(SEGMENTS)),
  lifecycleStage: z.enum(keysOf(LIFECYCLE_STAGES)),
  source: optionalEnum(keysOf(SOURCES)),
  ownerId: uuid.nullish(),
  csOwnerId: uuid.nullish(),
  tags: z.array(text(30).min(1)).max(20),
  parentId: uuid.nullish(),
  notes: optionalText(5000),
  needs: optionalText(5000),
  custom: customValuesSchema,
};

export const CreateAccountInput = z.object({
  ...accountFields,
  lifecycleStage: accountFields.lifecycleStage.default('prospect'),
  tags: accountFields.tags.default([]),
  custom: customValuesSchema.default({}),
  /** Create even though similar (not identical) accounts exist. */
  allowSimilar: z.boolean().default(false),
});
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z.object({ ...accountFields, allowSimilar: z.boolean().default(false) })
  .partial().extend({ version: recordVersion() });
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

export const AccountDuplicateQuery = z.object({
  name: z.string().max(200).optional(),
  creditCode: z.string().max(40).optional(),
  website: z.string().max(300).optional(),
  excludeId: uuid.optional(),
});

export const mobileSchema = z.string().trim().max(30)
  .transform((v) => (v === '' ? null : v))
  .refine((v) => v == null || (normalizeMobile(v)?.length ?? 0) >= 7, { message: '手机号格式不正确 / invalid mobile number' })
  .refine((v) => { const n = normalizeMobile(v); return v == null || !n || n.length !== 11 || isMainlandMobile(n); },
    { message: '手机号格式不正确 / invalid mobile number' });

export const contactFields = {
  accountId: uuid,
  name: text(100).min(1, '请填写联系人姓名 / name is required'),
  title: optionalText(100),
  department: optionalText(100),
  mobile: mobileSchema.nullish(),
  email: z.union([z.email('邮箱格式不正确 / invalid email'), z.literal('').transform(() => null)]).nullish(),
  wechat: optionalText(100),
  buyingRoles: z.array(z.enum(keysOf(BUYING_ROLES))).max(5),
  stance: optionalEnum(keysOf(STANCES)),
  isPrimary: z.boolean(),
  notes: optionalText(5000),
  custom: customValuesSchema,
};

export const CreateContactInput = z.object({
  ...contactFields,
  buyingRoles: contactFields.buyingRoles.default([]),
  isPrimary: contactFields.isPrimary.default(false),
  custom: customValuesSchema.default({}),
});
export type CreateContactInput = z.infer<typeof CreateContactInput>;

export const UpdateContactInput = z.object(contactFields).partial().extend({ version: recordVersion() });
export type UpdateContactInput = z.infer<typeof UpdateContactInput>;

export const CreateRelationshipInput = z.object({
  userId: uuid,
  contactId: uuid,
  strength: z.number().int().min(1).max(3).default(1),
  notes: optionalText(500),
});

export const MergeAccountsInput = z.object({ loserId: uuid, version: recordVersion() });

export const LoginInput = z.object({
  email: z.string().trim().min(3).max(200),
  password: z.string().min(1).max(200),
  workspace: z.string().trim().max(64).optional(),
});

export const password = z.string().min(8, '密码至少 8 位 / at least 8 characters').max(200);

export const CreateUserInput = z.object({
  email: z.email().max(200),
  name: text(100).min(1),
  mobile: mobileSchema.nullish(),
  password,
  roleId: uuid,
  departmentId: uuid.nullish(),
  managerId: uuid.nullish(),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export const UpdateUserInput = z.object({
  name: text(100).min(1),
  mobile: mobileSchema.nullish(),
  password: password.optional(),
  roleId: uuid,
  departmentId: uuid.nullish(),
  managerId: uuid.nullish(),
  locale: z.enum(['zh-CN', 'en']),
  status: z.enum(['active', 'disabled']),
}).partial().extend({ version: recordVersion() });

export const CreateDepartmentInput = z.object({ name: text(100).min(1), parentId: uuid.nullish() });
export const UpdateDepartmentInput = CreateDepartmentInput.partial().extend({ version: recordVersion() });

/** The workspace's name and its one time zone (admin.workspace). */
export const UpdateWorkspaceInput = z.object({
  name: text(100).min(1).optional(),
  timeZone: timeZone().optional(),
  version: recordVersion(),
});

export const RoleInput = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '只能用小写字母、数字和下划线 / lowercase letters, digits, underscores'),
  name: text(50).min(1),
  nameEn: text(50).min(1),
  dataScope: z.enum(keysOf(DATA_SCOPES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  fieldPermissions: z.record(z.string().regex(/^(account|contact)\.[a-zA-Z]+$/), z.enum(keysOf(FIELD_ACCESS))).default({}),
});
export const UpdateRoleInput = RoleInput.omit({ key: true }).partial().extend({ version: recordVersion() });

export const CustomFieldInput = z.object({
  entity: z.enum(['account', 'contact']),
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '只能用小写字母、数字和下划线 / lowercase letters, digits, underscores'),
  label: text(50).min(1),
  labelEn: optionalText(50),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(text(50).min(1)).max(200).default([]),
  isRequired: z.boolean().default(false),
  position: z.number().int().min(0).max(1000).default(0),
}).refine((v) => !['select', 'multi_select'].includes(v.type) || v.options.length > 0, {
  message: '下拉字段至少需要一个选项 / a select field needs options', path: ['options'],
});
export const UpdateCustomFieldInput = z.object({
  label: text(50).min(1),
  labelEn: optionalText(50),
  options: z.array(text(50).min(1)).max(200),
  isRequired: z.boolean(),
  position: z.number().int().min(0).max(1000),
  archived: z.boolean(),
}).partial().extend({ version: recordVersion() });

export const SavedViewInput = z.object({
  entity: z.enum(['account', 'contact']),
  name: text(50).min(1),
  config: z.object({
    filters: z.record(z.string(), z.unknown()).default({}),
    sort: z.string().max(50).optional(),
    columns: z.array(z.string().max(64)).max(60).optional(),
  }),
  isShared: z.boolean().default(false),
});

export const CreateApiKeyInput = z.object({ name: text(100).min(1) });
