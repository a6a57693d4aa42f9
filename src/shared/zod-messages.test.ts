import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateLeadInput } from './lead-contracts.js';
import './zod-messages.js';

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('zod messages in both languages', () => {
  it('says what a missing, too long, mistyped or unknown value needs, in Chinese and English', () => {
    const s = z.object({
      name: z.string().trim().min(1).max(5), age: z.number().int().min(18), email: z.email(),
      kind: z.enum(['a', 'b']), tags: z.array(z.string()).max(1),
    }).strict();
    expect(messages(s, {})).toEqual(['name: 必填 / required', 'age: 必填 / required', 'email: 必填 / required', 'kind: 必填 / required', 'tags: 必填 / required']);
    expect(messages(s, { name: '', age: 17, email: 'x@', kind: 'c', tags: ['1', '2'], extra: 1 })).toEqual([
      'name: 不能为空 / must not be empty', 'age: 不能小于 18 / must be at least 18', 'email: 邮箱格式不正确 / not a valid email address',
      'kind: 须为以下之一：a、b / must be one of: a, b', 'tags: 最多 1 项 / at most 1 item', ': 不认识的字段：extra / unknown field: extra',
    ]);
    expect(messages(s, { name: '一二三四五六', age: 'x', email: 'a@b.cn', kind: 'a', tags: [] })).toEqual([
      'name: 最多 5 个字符 / at most 5 characters', 'age: 须为数字 / must be a number',
    ]);
  });

  it('leaves the contracts\' own messages as they are', () => {
    expect(messages(CreateLeadInput, { name: '张三', mobile: '123' })).toContain('mobile: 手机号格式不正确 / invalid mobile number');
  });
});
