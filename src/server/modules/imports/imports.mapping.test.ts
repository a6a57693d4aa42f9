import { describe, it, expect } from 'vitest';
import type { CustomFieldDef } from '../custom-fields/index.js';
import { combineName, normalizeHeader, planColumns, readRow, suggestMapping } from './imports.mapping.js';
import {
  toEmployeeSize, toIndustry, toLevel, toLifecycleStage, toProvince, toRevenue, toSource, splitList, toDate, toBuyingRole, toLeadSource, toSourceType,
} from './imports.convert.js';
import { prepareLeadRow } from './imports.lead-rows.js';
import { REPORT_ERRORS_HEADER, REPORT_ROW_HEADER } from './imports.error-report.js';

const def = (key: string, label: string, labelEn: string | null = null) => ({ key, label, labelEn }) as CustomFieldDef;

describe('suggestMapping', () => {
  it('maps no field to the two columns an error report adds, so importing the report reads the file\'s own columns only', () => {
    for (const entity of ['account', 'contact', 'lead'] as const) {
      expect(suggestMapping(entity, [REPORT_ROW_HEADER, REPORT_ERRORS_HEADER]), entity).toEqual({});
    }
  });

  it('recognises Chinese headers, ignoring case, width, spaces and required markers', () => {
    const headers = ['* 企业名称（必填）', '统一社会信用代码', '所属行业', '员工人数', '年营业额', '省', '市', '网址', '客户级别', '客户分层',
      '客户阶段', '来源', '客户负责人', '标签', '备注', '需求', '无关列'];
    expect(suggestMapping('account', headers)).toEqual({
      '* 企业名称（必填）': 'name', 统一社会信用代码: 'creditCode', 所属行业: 'industry', 员工人数: 'employeeSize', 年营业额: 'annualRevenue',
      省: 'province', 市: 'city', 网址: 'website', 客户级别: 'level', 客户分层: 'segment', 客户阶段: 'lifecycleStage', 来源: 'source',
      客户负责人: 'owner', 标签: 'tags', 备注: 'notes', 需求: 'needs',
    });
    expect(normalizeHeader(' Ｅ－ｍａｉｌ ')).toBe('email');
  });

  it('maps a HubSpot company export', () => {
    const headers = ['Record ID', 'Company name', 'Company Domain Name', 'Website URL', 'Industry', 'Number of Employees', 'Annual Revenue',
      'City', 'State/Region', 'Company owner', 'Lifecycle Stage', 'Phone Number'];
    expect(suggestMapping('account', headers)).toEqual({
      'Company name': 'name', 'Company Domain Name': 'website', Industry: 'industry', 'Number of Employees': 'employeeSize',
      'Annual Revenue': 'annualRevenue', City: 'city', 'State/Region': 'province', 'Company owner': 'owner', 'Lifecycle Stage': 'lifecycleStage',
    });
  });

  it('maps a HubSpot contact export; Phone Number stands in for mobile only when there is no mobile column', () => {
    const headers = ['First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Job Title', 'Associated Company'];
    expect(suggestMapping('contact', headers)).toEqual({
      'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Mobile Phone Number': 'mobile', 'Job Title': 'title',
      'Associated Company': 'accountName',
    });
    expect(suggestMapping('contact', ['Name', 'Phone Number'])).toEqual({ Name: 'name', 'Phone Number': 'mobile' });
  });

  it('maps Salesforce account and contact exports', () => {
    expect(suggestMapping('account', ['Account Name', 'Billing City', 'Billing State/Province', 'Industry', 'Employees', 'Annual Revenue',
      'Website', 'Account Owner', 'Type', 'Rating'])).toEqual({
      'Account Name': 'name', 'Billing City': 'city', 'Billing State/Province': 'province', Industry: 'industry', Employees: 'employeeSize',
      'Annual Revenue': 'annualRevenue', Website: 'website', 'Account Owner': 'owner', Type: 'lifecycleStage', Rating: 'level',
    });
    expect(suggestMapping('contact', ['First Name', 'Last Name', 'Title', 'Department', 'Email', 'Mobile', 'Phone', 'Account Name'])).toEqual({
      'First Name': 'firstName', 'Last Name': 'lastName', Title: 'title', Department: 'department', Email: 'email', Mobile: 'mobile',
      'Account Name': 'accountName',
    });
  });

  it('maps Chinese contact headers and custom fields by label, English label or key', () => {
    const defs = [def('budget_year', '预算年度', 'Budget year'), def('erp', 'ERP 系统')];
    expect(suggestMapping('contact', ['所属客户', '联系人', '职务', '部门', '移动电话', '电子邮件', '微信', '决策角色', '态度', 'budget year', 'erp系统'], defs))
      .toEqual({
        所属客户: 'accountName', 联系人: 'name', 职务: 'title', 部门: 'department', 移动电话: 'mobile', 电子邮件: 'email', 微信: 'wechat',
        决策角色: 'buyingRoles', 态度: 'stance', 'budget year': 'custom.budget_year', erp系统: 'custom.erp',
      });
  });
});

describe('readRow', () => {
  it('takes the first non-empty column of a field and combines first and last names', () => {
    const headers = ['First Name', 'Last Name', 'Mobile', 'Phone'];
    const plan = planColumns(headers, { 'First Name': 'firstName', 'Last Name': 'lastName', Mobile: 'mobile', Phone: 'mobile' });
    expect(readRow(plan, ['磊', '王', '', '13800138000'])).toEqual({ name: '王磊', mobile: '13800138000' });
    expect(readRow(plan, ['Ada', 'Lovelace', '13900139000', '13800138000'])).toEqual({ name: 'Ada Lovelace', mobile: '13900139000' });
    expect(combineName('', 'Smith')).toBe('Smith');
  });
});

describe('dictionary values', () => {
  it('accepts key, Chinese label, English label and common export values', () => {
    expect(['C', '制造业', 'manufacturing', 'MANUFACTURING'].map(toIndustry)).toEqual(['C', 'C', 'C', 'C']);
    expect(toIndustry('COMPUTER_SOFTWARE')).toBe('saas:enterprise-software');
    expect(['制造行业', '金融服务业', '软件和信息技术服务业', '互联网行业', 'IT服务业', '汽车行业'].map(toIndustry))
      .toEqual(['C', 'J', 'I', 'saas:internet', 'I', 'saas:automotive']);
    expect(toIndustry('火星采矿')).toBeUndefined();
    expect(['火星行业', '业', '服务业'].map(toIndustry)).toEqual([undefined, undefined, undefined]);
    expect(['A类', 'A 类', 'a', 'Hot'].map(toLevel)).toEqual(['A', 'A', 'A', 'A']);
    expect(['成交客户', 'customer', 'Customer - Direct', 'lead', 'marketingqualifiedlead', 'Former Customer'].map(toLifecycleStage))
      .toEqual(['customer', 'customer', 'customer', 'prospect', 'engaged', 'churned']);
    expect(['官网咨询', 'Trade Show', 'PAID_SEARCH'].map(toSource)).toEqual(['website', 'event', 'sem']);
    expect(['拍板方', '决策人', 'decision maker'].map(toBuyingRole)).toEqual(['decision_maker', 'decision_maker', 'decision_maker']);
  });

  it('turns head counts into bands and revenue into yuan', () => {
    expect(['30', '320', '51-200', '1,000-4,999', '5000 人以上', '1.2万', '1-49'].map(toEmployeeSize))
      .toEqual(['1-49', '100-499', '100-499', '1000-4999', '5000+', '5000+', '1-49']);
    expect(toEmployeeSize('很多')).toBeUndefined();
    expect(['1,200万', '1.2亿', '¥3,500,000.5', '0.5万元', '2.5M'].map(toRevenue)).toEqual(['12000000', '120000000', '3500000.5', '5000', '2500000']);
  });

  it('reads provinces in short, full and pinyin form, lists and dates', () => {
    expect(['广东', '广东省', 'Guangdong', '广西', '北京', 'Hong Kong', 'Shaanxi'].map(toProvince))
      .toEqual(['广东省', '广东省', '广东省', '广西壮族自治区', '北京市', '香港特别行政区', '陕西省']);
    expect(toProvince('California')).toBeUndefined();
    expect(splitList('重点，制造; 华东|重点、 新签 ')).toEqual(['重点', '制造', '华东', '新签']);
    expect(['2024/1/5', '2024年1月5日', '2024-02-30'].map(toDate)).toEqual(['2024-01-05', '2024-01-05', undefined]);
  });
});

describe('lead rows', () => {
  it('maps Chinese, HubSpot and Salesforce headers to lead fields; Name is the person, Company the company', () => {
    expect(suggestMapping('lead', ['联系人', '公司', '手机', 'Account Name', 'Lead Source', 'Campaign Name', 'utm_medium', '来源类型', 'Description'])).toEqual({
      联系人: 'name', 公司: 'company', 手机: 'mobile', 'Lead Source': 'source', 'Campaign Name': 'campaign', utm_medium: 'utmMedium',
      来源类型: 'sourceType', Description: 'notes',
    });
    expect(suggestMapping('lead', ['Name', 'Company', 'Phone', 'Mobile'])).toEqual({ Name: 'name', Company: 'company', Mobile: 'mobile' });
  });

  it('reads lead sources in either language and from HubSpot / Salesforce picklists', () => {
    expect(['预约演示', 'Demo request', '申请试用', '转介绍', 'Organic Search', 'Paid Search', 'Referrals', 'Offline Sources', 'Trade Show',
      'Web', 'Employee Referral', 'Purchased List', '白皮书下载'].map(toLeadSource)).toEqual([
      'demo_request', 'demo_request', 'trial', 'referral', 'consultation', 'consultation', 'referral', 'event_signup', 'event_signup',
      'consultation', 'referral', 'other', 'content_download']);
    expect(toLeadSource('火星来的')).toBeUndefined();
    expect(['主动', 'Passive', '随便'].map(toSourceType)).toEqual(['active', 'passive', undefined]);
  });

  it('checks a row with the lead contract: unknown source → other with the text as channel; errors name row and field', () => {
    const ok = prepareLeadRow(2, { name: '王磊', mobile: '13812345678', source: '抖音', industry: '制造业', utmSource: 'douyin' });
    expect(ok).toMatchObject({ ok: true, value: { row: 2, values: { name: '王磊', source: 'other', channel: '抖音', industry: 'C', utm: { source: 'douyin' } } } });
    const kept = prepareLeadRow(3, { name: '李娜', email: 'a@b.cn', source: 'Referrals', channel: '老客户' });
    expect(kept).toMatchObject({ ok: true, value: { values: { source: 'referral', channel: '老客户' } } });
    const bad = prepareLeadRow(4, { mobile: '123', industry: '火星产业', sourceType: '也许' });
    expect(bad.ok ? [] : bad.errors.map((e) => [e.row, e.field, e.code])).toEqual([[4, 'name', 'REQUIRED'], [4, 'mobile', 'INVALID']]);
  });

  it('keeps the person when a profile value is not in its list or a phone is not a mobile: blank field, text in the notes, a note on the row', () => {
    const r = prepareLeadRow(5, { name: '赵敏', email: 'zhao@example.cn', mobile: '010-88886666', industry: '新能源', province: '深圳', notes: '展会名片' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.values).toMatchObject({ name: '赵敏', email: 'zhao@example.cn', notes: '展会名片\n行业 / Industry: 新能源\n省份 / Province: 深圳\n手机 / Mobile: 010-88886666' });
    expect(r.value.values.mobile ?? null).toBeNull();
    expect(r.value.values.industry ?? null).toBeNull();
    expect(r.value.notes?.map((n) => [n.row, n.field, n.code])).toEqual([[5, 'industry', 'KEPT_IN_NOTES'], [5, 'province', 'KEPT_IN_NOTES'], [5, 'mobile', 'KEPT_IN_NOTES']]);
    expect(r.value.notes?.[0].message).toContain('无法识别的行业「新能源」，已留空，原文记入备注');
    // Without another way to reach the person, a bad mobile still refuses the row.
    expect(prepareLeadRow(6, { name: '钱七', mobile: '010-88886666' })).toMatchObject({ ok: false, errors: [{ field: 'mobile', code: 'INVALID' }] });
  });
});
