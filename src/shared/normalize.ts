// Pure normalisers behind 查重 (dedupe). Shared by server, import and web so a warning shown in a form
// and the check the server makes can never disagree.

/** Full-width ASCII (Ａ１（) and the ideographic space become their half-width forms. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

// Longest first, so 股份有限公司 is stripped before 有限公司 could leave 股份 behind.
const LEGAL_SUFFIXES = [
  '股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '股份公司', '集团公司', '分公司', '公司',
  'co.,ltd.', 'co.,ltd', 'co. ltd.', 'co ltd', 'company limited', 'limited', 'ltd.', 'ltd', 'inc.', 'inc', 'corp.', 'corp', 'llc',
];

/** 北京字节跳动科技有限公司 / 北京字节跳动科技（有限公司）/ ＡＢＣ 有限公司 → the same key. */
export function normalizeCompanyName(name: string): string {
  let s = toHalfWidth(name).toLowerCase().trim();
  // Brackets, their content when it is a legal form, and all whitespace and punctuation that varies by typist.
  s = s.replace(/[()（）【】\[\]]/g, '');
  s = s.replace(/[\s·.,，。、'"“”‘’\-_/]+/g, (m) => (/[.,]/.test(m) ? m.replace(/\s+/g, '') : ''));
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      const compact = suffix.replace(/\s+/g, '');
      if (s.length > compact.length && s.endsWith(compact)) {
        s = s.slice(0, -compact.length);
        changed = true;
      }
    }
  }
  return s.replace(/[.,]/g, '');
}

/** 王 伟 / 王伟 / ＷＡＮＧ　Ｗｅｉ / Wang-Wei → one key: a person's name as typed by different hands. */
export function normalizePersonName(name: string): string {
  return toHalfWidth(name).toLowerCase().replace(/[\s·.\-_'’]+/g, '');
}

/** Mainland mobile in any usual form (+86 138-0013-8000, 0086…, 86…) → 13800138000; other numbers keep digits only. */
export function normalizeMobile(mobile: string | null | undefined): string | null {
  if (!mobile) return null;
  let digits = toHalfWidth(mobile).replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length ? digits : null;
}

export function isMainlandMobile(mobile: string): boolean {
  return /^1[3-9]\d{9}$/.test(mobile);
}

export function normalizeEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const s = toHalfWidth(email).trim().toLowerCase();
  return s.length ? s : null;
}

/** https://www.Example.com.cn/about → example.com.cn; bare domains pass through. */
export function extractDomain(website: string | null | undefined): string | null {
  if (!website) return null;
  let s = toHalfWidth(website).trim().toLowerCase();
  if (!s) return null;
  s = s.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '').replace(/^www\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s) ? s : null;
}

/** Public mail services: an address there says nothing about the company it belongs to. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com', '139.com', '189.cn',
  'wo.cn', 'tom.com', '21cn.com', 'gmail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com',
  'yahoo.com', 'yahoo.com.cn', 'proton.me', 'protonmail.com',
]);

/** The company domain of an email (wu@zijin-soft.cn → zijin-soft.cn); null for a public mail service or no email. */
export function companyEmailDomain(email: string | null | undefined): string | null {
  const at = normalizeEmail(email)?.split('@')[1];
  const domain = at ? extractDomain(at) : null;
  return domain && !PUBLIC_MAIL_DOMAINS.has(domain) ? domain : null;
}

/** 统一社会信用代码: 18 characters, digits and capital letters except I, O, S, V, Z. */
export function normalizeCreditCode(code: string | null | undefined): string | null {
  if (!code) return null;
  const s = toHalfWidth(code).replace(/\s+/g, '').toUpperCase();
  return s.length ? s : null;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Checks the GB 32100-2015 check character, so a mistyped code is caught at entry. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(code[i]) * CREDIT_WEIGHTS[i];
  const check = CREDIT_CHARS[(31 - (sum % 31)) % 31];
  return code[17] === check;
}

/** Makes a valid credit code from its first 17 characters (used by demo data and tests). */
export function withCreditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return first17 + CREDIT_CHARS[(31 - (sum % 31)) % 31];
}
