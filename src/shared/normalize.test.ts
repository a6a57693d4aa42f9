import { describe, expect, it } from 'vitest';
import { companyEmailDomain, extractDomain, isValidCreditCode, normalizeCompanyName, normalizeCreditCode, normalizeEmail, normalizeMobile, withCreditCheckChar } from './normalize.js';
import { maskEmail, maskMobile } from './mask.js';

describe('normalizeCompanyName', () => {
  it('gives the same key for the usual ways one company is written', () => {
    const key = normalizeCompanyName('北京字节跳动科技有限公司');
    expect(key).toBe('北京字节跳动科技');
    for (const v of ['北京字节跳动科技（有限公司）', '北京字节跳动科技 有限公司', ' 北京字节跳动科技股份有限公司 ', '北京字节跳动科技(有限责任公司)']) {
      expect(normalizeCompanyName(v)).toBe(key);
    }
  });
  it('folds full-width letters and spaces, and English legal forms', () => {
    expect(normalizeCompanyName('ＡＢＣ　科技有限公司')).toBe(normalizeCompanyName('abc科技'));
    expect(normalizeCompanyName('Acme Co., Ltd.')).toBe(normalizeCompanyName('ACME'));
  });
  it('keeps different companies apart', () => {
    expect(normalizeCompanyName('上海华信科技有限公司')).not.toBe(normalizeCompanyName('北京华信科技有限公司'));
  });
});

describe('contact keys', () => {
  it('reduces +86 and punctuated mobiles to 11 digits', () => {
    for (const m of ['+86 138 0013 8000', '0086-13800138000', '138-0013-8000', '８６１３８００１３８０００']) expect(normalizeMobile(m)).toBe('13800138000');
    expect(normalizeMobile('')).toBeNull();
  });
  it('lower-cases emails and extracts domains from websites', () => {
    expect(normalizeEmail(' Zhang.Wei@Example.COM ')).toBe('zhang.wei@example.com');
    expect(extractDomain('https://www.Example.com.cn/about?x=1')).toBe('example.com.cn');
    expect(extractDomain('example.cn')).toBe('example.cn');
    expect(extractDomain('not a site')).toBeNull();
  });
});

describe('统一社会信用代码', () => {
  it('accepts a code with the right check character and rejects a typo', () => {
    const code = withCreditCheckChar('91330106MA0000001');
    expect(isValidCreditCode(code)).toBe(true);
    const typo = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(isValidCreditCode(typo)).toBe(false);
    expect(isValidCreditCode('91330106MA00000I6')).toBe(false);
    expect(normalizeCreditCode(' 91330106ma0000001' + code[17].toLowerCase())).toBe(code);
  });
});

describe('masking', () => {
  it('shows a mobile as 138****5678 and hides the local part of an email', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
  });

  it('takes the company domain of an email, and none from a public mail service', () => {
    expect(companyEmailDomain('Wu@Zijin-Soft.CN')).toBe('zijin-soft.cn');
    expect(companyEmailDomain('ｃｈｅｎ＠ｚｉｊｉｎ．ｃｎ')).toBe('zijin.cn');
    expect(['a@qq.com', 'b@163.com', 'c@gmail.com', 'd@foxmail.com', null, 'no-at-sign'].map(companyEmailDomain)).toEqual([null, null, null, null, null, null]);
  });
});
