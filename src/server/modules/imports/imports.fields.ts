// What an import can fill, per entity, and the headers people use for it: Chinese spreadsheets, our own
// exports, and HubSpot and Salesforce export files.
import type { CustomFieldDef } from '../custom-fields/index.js';

export type ImportEntity = 'account' | 'contact' | 'lead';

export interface ImportField {
  key: string;
  label: string;
  labelEn: string;
  required?: boolean;
  /** Header spellings that name this field. */
  aliases: string[];
  /** Spellings used only when no other column claims the field (a landline "Phone" when "Mobile" is absent). */
  weakAliases?: string[];
}

export const ACCOUNT_IMPORT_FIELDS: ImportField[] = [
  { key: 'name', label: '客户名称', labelEn: 'Account name', required: true,
    aliases: ['客户名称', '公司名称', '企业名称', '客户全称', '公司全称', '单位名称', 'Company name', 'Account Name', 'Name', 'Organization', 'Organisation'],
    weakAliases: ['客户', '公司', '企业', '名称', 'Company', 'Account'] },
  { key: 'creditCode', label: '统一社会信用代码', labelEn: 'Credit code',
    aliases: ['统一社会信用代码', '信用代码', '税号', '纳税人识别号', 'Unified social credit code', 'Credit code', 'USCC', 'Tax ID'] },
  { key: 'industry', label: '所属行业', labelEn: 'Industry', aliases: ['所属行业', '行业', 'Industry'] },
  { key: 'employeeSize', label: '人员规模', labelEn: 'Employees',
    aliases: ['人员规模', '员工人数', '员工规模', '公司规模', '企业规模', '规模', 'Number of Employees', 'Employees', 'Employee count', 'Company size'] },
  { key: 'annualRevenue', label: '年营业额', labelEn: 'Annual revenue',
    aliases: ['年营业额', '年收入', '年营收', '营业收入', '营业额', 'Annual Revenue', 'Revenue'] },
  { key: 'province', label: '省份', labelEn: 'Province',
    aliases: ['省份', '省', '所在省份', '所在省', '省/直辖市', 'State/Region', 'Billing State/Province', 'State/Province', 'Province', 'State'] },
  { key: 'city', label: '城市', labelEn: 'City', aliases: ['城市', '市', '所在城市', 'City', 'Billing City'] },
  { key: 'website', label: '官网', labelEn: 'Website',
    aliases: ['官网', '网址', '网站', '公司网址', '公司官网', 'Website', 'Website URL', 'Company Domain Name', 'Domain'] },
  { key: 'level', label: '客户级别', labelEn: 'Level', aliases: ['客户级别', '级别', '客户等级', '等级', 'Level', 'Rating', 'Tier'] },
  { key: 'segment', label: '客户分层', labelEn: 'Segment', aliases: ['客户分层', '分层', 'Segment'] },
  { key: 'lifecycleStage', label: '生命周期阶段', labelEn: 'Lifecycle stage',
    aliases: ['生命周期阶段', '客户阶段', '生命周期', '阶段', 'Lifecycle Stage', 'Type', 'Account Type'] },
  { key: 'source', label: '客户来源', labelEn: 'Source',
    aliases: ['客户来源', '来源', '线索来源', 'Source', 'Lead Source', 'Account Source', 'Original Source', 'Original Source Type'] },
  { key: 'owner', label: '负责人', labelEn: 'Owner',
    aliases: ['负责人', '所有人', '客户负责人', '归属销售', '跟进人', '销售负责人', 'Owner', 'Company owner', 'Account Owner', 'Owner email'] },
  { key: 'tags', label: '标签', labelEn: 'Tags', aliases: ['标签', 'Tags', 'Labels'] },
  { key: 'notes', label: '备注', labelEn: 'Notes', aliases: ['备注', '说明', 'Notes', 'Description', 'Company description'] },
  { key: 'needs', label: '需求', labelEn: 'Needs', aliases: ['需求', '客户需求', 'Needs', 'Requirements'] },
];

export const CONTACT_IMPORT_FIELDS: ImportField[] = [
  { key: 'accountName', label: '所属客户', labelEn: 'Account', required: true,
    aliases: ['所属客户', '所属公司', '客户名称', '公司名称', '企业名称', '公司', '单位', 'Associated Company', 'Company Name', 'Account Name', 'Company', 'Account'] },
  { key: 'name', label: '姓名', labelEn: 'Name', required: true,
    aliases: ['姓名', '联系人', '联系人姓名', '名字', 'Name', 'Full name', 'Contact name'] },
  { key: 'lastName', label: '姓', labelEn: 'Last name', aliases: ['姓', 'Last Name', 'Surname', 'Family name'] },
  { key: 'firstName', label: '名', labelEn: 'First name', aliases: ['名', 'First Name', 'Given name'] },
  { key: 'title', label: '职位', labelEn: 'Title', aliases: ['职位', '职务', '头衔', 'Title', 'Job Title'] },
  { key: 'department', label: '部门', labelEn: 'Department', aliases: ['部门', '所在部门', 'Department'] },
  { key: 'mobile', label: '手机', labelEn: 'Mobile',
    aliases: ['手机', '手机号', '手机号码', '移动电话', 'Mobile', 'Mobile Phone', 'Mobile Phone Number', 'Mobile number'],
    weakAliases: ['电话', '联系电话', '电话号码', 'Phone', 'Phone Number'] },
  { key: 'email', label: '邮箱', labelEn: 'Email', aliases: ['邮箱', '电子邮件', '电子邮箱', '邮件', 'Email', 'E-mail', 'Email Address'] },
  { key: 'wechat', label: '微信', labelEn: 'WeChat', aliases: ['微信', '微信号', 'WeChat', 'WeChat ID'] },
  { key: 'buyingRoles', label: '决策角色', labelEn: 'Buying roles', aliases: ['决策角色', '角色', '采购角色', 'Buying roles', 'Buying role', 'Role'] },
  { key: 'stance', label: '态度', labelEn: 'Stance', aliases: ['态度', '立场', 'Stance', 'Attitude'] },
  { key: 'isPrimary', label: '主联系人', labelEn: 'Primary contact', aliases: ['主联系人', '是否主联系人', '首要联系人', 'Primary contact', 'Primary'] },
  { key: 'owner', label: '负责人', labelEn: 'Owner', aliases: ['负责人', '所有人', 'Owner', 'Contact owner'] },
  { key: 'notes', label: '备注', labelEn: 'Notes', aliases: ['备注', '说明', 'Notes', 'Description'] },
];

// A lead is a person first: "Name" is the person and "Company" a plain field, unlike in the account import.
export const LEAD_IMPORT_FIELDS: ImportField[] = [
  { key: 'name', label: '姓名', labelEn: 'Name', required: true,
    aliases: ['姓名', '联系人', '联系人姓名', '客户姓名', '名字', 'Name', 'Full Name', 'Contact name', 'Lead Name'] },
  { key: 'lastName', label: '姓', labelEn: 'Last name', aliases: ['姓', 'Last Name', 'Surname', 'Family name'] },
  { key: 'firstName', label: '名', labelEn: 'First name', aliases: ['名', 'First Name', 'Given name'] },
  { key: 'company', label: '公司', labelEn: 'Company',
    aliases: ['公司', '公司名称', '企业名称', '单位', '单位名称', '客户名称', '公司全称', '企业全称', '客户全称', 'Company', 'Company Name', 'Account Name', 'Associated Company', 'Organization'] },
  { key: 'title', label: '职位', labelEn: 'Title', aliases: ['职位', '职务', '头衔', 'Title', 'Job Title'] },
  { key: 'mobile', label: '手机', labelEn: 'Mobile',
    aliases: ['手机', '手机号', '手机号码', '移动电话', 'Mobile', 'Mobile Phone', 'Mobile Phone Number', 'Mobile number'],
    weakAliases: ['电话', '联系电话', '电话号码', 'Phone', 'Phone Number'] },
  { key: 'email', label: '邮箱', labelEn: 'Email', aliases: ['邮箱', '电子邮件', '电子邮箱', '邮件', 'Email', 'E-mail', 'Email Address'] },
  { key: 'wechat', label: '微信', labelEn: 'WeChat', aliases: ['微信', '微信号', 'WeChat', 'WeChat ID'] },
  { key: 'industry', label: '行业', labelEn: 'Industry', aliases: ['行业', '所属行业', 'Industry'] },
  { key: 'employeeSize', label: '人员规模', labelEn: 'Employees',
    aliases: ['人员规模', '规模', '人数', '员工人数', '公司规模', '企业规模', 'Number of Employees', 'No. of Employees', 'Employees', 'Company size'] },
  { key: 'province', label: '省份', labelEn: 'Province',
    aliases: ['省份', '省', '所在省份', 'State/Region', 'State/Province', 'Province', 'State'] },
  { key: 'city', label: '城市', labelEn: 'City', aliases: ['城市', '市', '所在城市', 'City'] },
  { key: 'productLine', label: '产品线', labelEn: 'Product line', aliases: ['产品线', '意向产品', 'Product line', 'Product Interest'] },
  { key: 'source', label: '线索来源', labelEn: 'Source',
    aliases: ['线索来源', '来源', '获客来源', 'Lead Source', 'Original Source', 'Source'], weakAliases: ['Original Source Type'] },
  { key: 'sourceType', label: '来源类型', labelEn: 'Source type', aliases: ['来源类型', '主动/被动', 'Source type'] },
  { key: 'channel', label: '渠道', labelEn: 'Channel',
    aliases: ['渠道', '获客渠道', '来源渠道', 'Channel', 'Original Source Drill-Down 1'] },
  { key: 'campaign', label: '活动', labelEn: 'Campaign',
    aliases: ['活动', '市场活动', '活动名称', 'Campaign', 'Campaign Name'], weakAliases: ['Original Source Drill-Down 2'] },
  { key: 'utmSource', label: 'utm_source', labelEn: 'utm_source', aliases: ['utm_source', 'UTM Source'] },
  { key: 'utmMedium', label: 'utm_medium', labelEn: 'utm_medium', aliases: ['utm_medium', 'UTM Medium'] },
  { key: 'utmCampaign', label: 'utm_campaign', labelEn: 'utm_campaign', aliases: ['utm_campaign', 'UTM Campaign'] },
  { key: 'utmTerm', label: 'utm_term', labelEn: 'utm_term', aliases: ['utm_term', 'UTM Term'] },
  { key: 'utmContent', label: 'utm_content', labelEn: 'utm_content', aliases: ['utm_content', 'UTM Content'] },
  { key: 'notes', label: '备注', labelEn: 'Notes', aliases: ['备注', '说明', '需求', 'Notes', 'Description'] },
];

const FIELDS_BY_ENTITY: Record<ImportEntity, ImportField[]> = {
  account: ACCOUNT_IMPORT_FIELDS, contact: CONTACT_IMPORT_FIELDS, lead: LEAD_IMPORT_FIELDS,
};

export const importFieldsOf = (entity: ImportEntity) => FIELDS_BY_ENTITY[entity];

/** The permission each entity's import (and its runs) requires. */
export const importPermissionOf = (entity: ImportEntity) => (entity === 'lead' ? 'leads.import' as const : 'accounts.import' as const);

export interface FieldInfo { key: string; label: string; labelEn: string; required: boolean }

/** Built-in and custom fields a column can be mapped to, as the mapping screen lists them. */
export function listImportFields(entity: ImportEntity, defs: CustomFieldDef[]): FieldInfo[] {
  return [
    ...importFieldsOf(entity).map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn, required: f.required === true })),
    ...defs.map((d) => ({ key: `custom.${d.key}`, label: d.label, labelEn: d.labelEn ?? d.label, required: d.isRequired })),
  ];
}
