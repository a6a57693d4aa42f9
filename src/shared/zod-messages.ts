// Zod's own messages in Baton's form: "中文 / English", like the messages the contracts write themselves. The server
// returns them in API errors and the web shows the half in the user's language (localizeMessage); without this map
// a missing field read "Invalid input: expected string, received undefined" to a Chinese user.
import { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodErrorMap>>[0];

const TYPES: Record<string, [string, string]> = {
  string: ['文本', 'text'], number: ['数字', 'a number'], int: ['整数', 'a whole number'], boolean: ['是或否', 'true or false'],
  array: ['列表', 'a list'], object: ['对象', 'an object'], date: ['日期', 'a date'], bigint: ['整数', 'a whole number'],
};
const FORMATS: Record<string, [string, string]> = {
  email: ['邮箱格式不正确', 'not a valid email address'], url: ['网址格式不正确', 'not a valid URL'],
  uuid: ['不是有效的 ID', 'not a valid id'], guid: ['不是有效的 ID', 'not a valid id'],
  datetime: ['须为 ISO 8601 日期时间，如 2026-11-28T09:00:00+08:00', 'must be an ISO 8601 date-time, e.g. 2026-11-28T09:00:00+08:00'],
  date: ['须为日期，如 2026-11-28', 'must be a date, e.g. 2026-11-28'], time: ['须为时间，如 09:30', 'must be a time, e.g. 09:30'],
};
const both = (zh: string, en: string) => `${zh} / ${en}`;
const localeZh = z.locales.zhCN().localeError;
const localeEn = z.locales.en().localeError;
const localeText = (r: ReturnType<typeof localeEn>, fallback: string) => (typeof r === 'string' ? r : r?.message ?? fallback);

function sized(origin: string | undefined, n: number): [string, string] | null {
  if (origin === 'string') return ['个字符', n === 1 ? 'character' : 'characters'];
  if (origin === 'array' || origin === 'set') return ['项', n === 1 ? 'item' : 'items'];
  return null;
}

/** One issue as "中文 / English"; codes Baton's inputs meet are written out, the rest come from zod's two locales. */
export function bilingualIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return both('必填', 'required');
      const [zh, en] = TYPES[issue.expected] ?? [issue.expected, issue.expected];
      return both(`须为${zh}`, `must be ${en}`);
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      const unit = sized(issue.origin, n);
      if (unit && n === 1 && issue.origin === 'string') return both('不能为空', 'must not be empty');
      if (unit) return both(`至少 ${n} ${unit[0]}`, `at least ${n} ${unit[1]}`);
      return issue.inclusive ? both(`不能小于 ${n}`, `must be at least ${n}`) : both(`须大于 ${n}`, `must be greater than ${n}`);
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      const unit = sized(issue.origin, n);
      if (unit) return both(`最多 ${n} ${unit[0]}`, `at most ${n} ${unit[1]}`);
      return issue.inclusive ? both(`不能大于 ${n}`, `must be at most ${n}`) : both(`须小于 ${n}`, `must be less than ${n}`);
    }
    case 'invalid_format': {
      const known = FORMATS[issue.format];
      return known ? both(known[0], known[1]) : both('格式不正确', 'invalid format');
    }
    case 'invalid_value': {
      if (issue.input === undefined) return both('必填', 'required');
      const values = issue.values.map(String);
      return values.length === 1 ? both(`须为 ${values[0]}`, `must be ${values[0]}`)
        : both(`须为以下之一：${values.join('、')}`, `must be one of: ${values.join(', ')}`);
    }
    case 'unrecognized_keys':
      return both(`不认识的字段：${issue.keys.join('、')}`, `unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`);
    case 'not_multiple_of':
      return both(`须为 ${String(issue.divisor)} 的倍数`, `must be a multiple of ${String(issue.divisor)}`);
    case 'invalid_union':
      return both('不符合任何一种可接受的格式', 'matches none of the accepted shapes');
    case 'custom':
      return both('无效', 'invalid');
    default:
      return both(localeText(localeZh(issue), '无效'), localeText(localeEn(issue), 'invalid'));
  }
}

z.config({ customError: bilingualIssue });
