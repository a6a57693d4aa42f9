// CSV text for import benchmarks and manual import tests: Chinese headers, RFC 4180 quoting. Encoding
// (UTF-8 here; GBK via iconv-lite) is the caller's business.
import {
  BUYING_ROLES, EMPLOYEE_SIZES, INDUSTRIES, LEVELS, LIFECYCLE_STAGES, SEGMENTS, SOURCES, STANCES, type DictEntry,
} from '../../src/shared/dictionaries.js';
import type { GeneratedAccount, GeneratedContact } from './generate.js';

type Cell = string | number | boolean | null | undefined | readonly string[];

function formatCell(value: Cell, listSeparator: string): string {
  if (value == null) return '';
  const text = typeof value === 'boolean' ? (value ? '是' : '否')
    : Array.isArray(value) ? value.join(listSeparator) : String(value);
  // Quote anything a parser could split on, and edge spaces a parser might trim.
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV text, one CRLF-terminated line per row, preceded by a header line unless headers is null
 * (for appending later batches). Arrays are joined with listSeparator; booleans become 是/否.
 */
export function toCsv<T extends object>(
  rows: readonly T[], columns: readonly (keyof T & string)[], headers: readonly string[] | null, listSeparator = ',',
): string {
  if (headers && headers.length !== columns.length) throw new RangeError('headers and columns differ in length');
  const lines: string[] = headers ? [headers.map((h) => formatCell(h, listSeparator)).join(',')] : [];
  for (const row of rows) {
    lines.push(columns.map((c) => formatCell(row[c] as Cell, listSeparator)).join(','));
  }
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

export const ACCOUNT_CSV_COLUMNS = {
  name: '客户名称', creditCode: '统一社会信用代码', industry: '所属行业', employeeSize: '人员规模', annualRevenue: '年营业额',
  province: '省份', city: '城市', website: '官网', level: '客户级别', segment: '客户分层', lifecycleStage: '生命周期阶段',
  source: '客户来源', tags: '标签', notes: '备注', needs: '客户需求',
} as const satisfies Partial<Record<keyof GeneratedAccount, string>>;

export const CONTACT_CSV_COLUMNS = {
  accountName: '所属客户', name: '姓名', title: '职务', department: '部门', mobile: '手机', email: '邮箱', wechat: '微信',
  buyingRoles: '决策链角色', stance: '态度', isPrimary: '主要联系人',
} as const satisfies Partial<Record<keyof GeneratedContact, string>>;

const labelOf = (dict: DictEntry[], key: string | null) => (key == null ? null : dict.find((e) => e.key === key)?.zh ?? key);

/** As a person fills an import sheet: dictionary labels (制造业, 100-499 人) instead of keys, unless keys is set. */
export function accountCsvRow(a: GeneratedAccount, keys = false): GeneratedAccount {
  if (keys) return a;
  return {
    ...a,
    industry: labelOf(INDUSTRIES, a.industry)!, employeeSize: labelOf(EMPLOYEE_SIZES, a.employeeSize)!,
    level: labelOf(LEVELS, a.level)!, segment: labelOf(SEGMENTS, a.segment)!,
    lifecycleStage: labelOf(LIFECYCLE_STAGES, a.lifecycleStage)!, source: labelOf(SOURCES, a.source)!,
  };
}

export function contactCsvRow(c: GeneratedContact, keys = false): GeneratedContact {
  if (keys) return c;
  return { ...c, buyingRoles: c.buyingRoles.map((r) => labelOf(BUYING_ROLES, r)!), stance: labelOf(STANCES, c.stance)! };
}
