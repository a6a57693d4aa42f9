import { describe, it, expect, beforeAll } from 'vitest';
import {
  BUYING_ROLES, EMPLOYEE_SIZES, INDUSTRIES, LEVELS, LIFECYCLE_STAGES, PROVINCES, SEGMENTS, SOURCES, STANCES, keysOf,
} from '../../src/shared/dictionaries.js';
import {
  extractDomain, isMainlandMobile, isValidCreditCode, normalizeCompanyName, normalizeEmail, normalizeMobile,
} from '../../src/shared/normalize.js';
import { BRANDS, NAME_SPACE_SIZE } from './company-identity.js';
import {
  Rng, generateAccount, generateDataset, toCsv, type GeneratedAccount, type GeneratedContact,
} from './generate.js';
import { ANY_INDUSTRY, CITIES, INDUSTRY_WORDS } from './vocab.js';

const SLOW = 120_000;

function collect(seed: number, accounts: number, perAccount = 3) {
  const all = { accounts: [] as GeneratedAccount[], contacts: [] as GeneratedContact[] };
  for (const batch of generateDataset({ seed, accounts, contactsPerAccount: perAccount })) {
    all.accounts.push(...batch.accounts);
    all.contacts.push(...batch.contacts);
  }
  return all;
}

describe('determinism', () => {
  it('gives byte-identical rows for the same seed and different rows for another', () => {
    const first = JSON.stringify(collect(42, 1000));
    expect(JSON.stringify(collect(42, 1000))).toBe(first);
    expect(JSON.stringify(collect(43, 1000))).not.toBe(first);
  });

  it('regenerates any account alone from (seed, index)', () => {
    const { accounts } = collect(42, 1500);
    expect(generateAccount(new Rng(42), 1234)).toEqual(accounts[1234]);
  });

  it('streams do not depend on how much a parent stream was consumed', () => {
    const rng = new Rng('x');
    const before = rng.fork('a').next();
    for (let i = 0; i < 10; i++) rng.next();
    expect(rng.fork('a').next()).toBe(before);
    expect(rng.fork('a').next()).not.toBe(rng.fork('b').next());
  });
});

describe('accounts', () => {
  let accounts: GeneratedAccount[] = [];
  beforeAll(() => {
    const rng = new Rng(7);
    accounts = Array.from({ length: 200_000 }, (_, i) => generateAccount(rng, i));
  }, SLOW);

  it('has unique names, also after the dedupe normaliser strips legal forms and brackets', () => {
    expect(new Set(accounts.map((a) => a.name)).size).toBe(accounts.length);
    expect(new Set(accounts.map((a) => normalizeCompanyName(a.name))).size).toBe(accounts.length);
  });

  it('has valid, unique credit codes for about 85% of mainland accounts, opening with 91 and the province', () => {
    const withCode = accounts.filter((a) => a.creditCode);
    const regions = new Map(CITIES.map((c) => [c.name, new Set(c.regionCodes)]));
    expect(withCode.filter((a) => !isValidCreditCode(a.creditCode!))).toEqual([]);
    expect(withCode.filter((a) => !a.creditCode!.startsWith('91') || !regions.get(a.city)!.has(a.creditCode!.slice(2, 8)))).toEqual([]);
    expect(new Set(withCode.map((a) => a.creditCode)).size).toBe(withCode.length);
    expect(withCode.length / accounts.length).toBeGreaterThan(0.82);
    expect(withCode.length / accounts.length).toBeLessThan(0.87);
  });

  it('has unique web domains on about 70% of accounts', () => {
    const domains = accounts.filter((a) => a.website).map((a) => extractDomain(a.website));
    expect(domains.every((d) => d !== null)).toBe(true);
    expect(new Set(domains).size).toBe(domains.length);
    expect(domains.length / accounts.length).toBeCloseTo(0.7, 1);
  });

  it('uses only dictionary keys', () => {
    const check = (field: keyof GeneratedAccount, keys: readonly string[]) =>
      expect(accounts.filter((a) => !keys.includes(a[field] as string)).map((a) => a[field])).toEqual([]);
    check('industry', keysOf(INDUSTRIES));
    check('employeeSize', keysOf(EMPLOYEE_SIZES));
    check('level', keysOf(LEVELS));
    check('segment', keysOf(SEGMENTS));
    check('lifecycleStage', keysOf(LIFECYCLE_STAGES));
    check('source', keysOf(SOURCES));
    check('province', PROVINCES);
    expect(accounts.every((a) => a.tags.length <= 3 && new Set(a.tags).size === a.tags.length)).toBe(true);
  });

  it('skews toward the big cities and small companies', () => {
    const share = (pred: (a: GeneratedAccount) => boolean) => accounts.filter(pred).length / accounts.length;
    expect(share((a) => ['北京市', '上海市', '深圳市', '广州市', '杭州市'].includes(a.city))).toBeGreaterThan(0.25);
    expect(share((a) => a.employeeSize === '1-49')).toBeGreaterThan(share((a) => a.employeeSize === '500-999'));
    expect(share((a) => a.segment === 'KA' && a.employeeSize === '1-49')).toBe(0);
  });
});

describe('contacts', () => {
  let data: ReturnType<typeof collect>;
  beforeAll(() => { data = collect(11, 100_000); }, SLOW);

  it('totals exactly accounts × contactsPerAccount, with one primary contact per account', () => {
    expect(data.contacts).toHaveLength(300_000);
    const primaries = data.contacts.filter((c) => c.isPrimary).map((c) => c.accountName);
    expect(new Set(primaries).size).toBe(100_000);
    expect(primaries).toHaveLength(100_000);
  });

  it('has unique mobiles that all normalise to 11-digit mainland numbers', () => {
    const mobiles = data.contacts.filter((c) => c.mobile).map((c) => normalizeMobile(c.mobile)!);
    expect(mobiles.filter((m) => m.length !== 11 || !isMainlandMobile(m))).toEqual([]);
    expect(new Set(mobiles).size).toBe(mobiles.length);
    expect(mobiles.length / data.contacts.length).toBeCloseTo(0.9, 1);
  });

  it('has unique emails', () => {
    const emails = data.contacts.filter((c) => c.email).map((c) => normalizeEmail(c.email)!);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((e) => /^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+$/.test(e))).toBe(true);
  });

  it('uses only dictionary keys for buying roles and stance', () => {
    const roles = keysOf(BUYING_ROLES);
    expect(data.contacts.every((c) => c.buyingRoles.every((r) => roles.includes(r)))).toBe(true);
    expect(data.contacts.every((c) => keysOf(STANCES).includes(c.stance))).toBe(true);
  });
});

describe('vocabulary', () => {
  it('maps every industry word to existing industry keys', () => {
    const keys = keysOf(INDUSTRIES);
    const used = [...INDUSTRY_WORDS.flatMap(([w]) => w.industries.map(([k]) => k)), ...ANY_INDUSTRY.map(([k]) => k)];
    expect(used.filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('covers every province, with region codes inside the province', () => {
    expect(new Set(CITIES.map((c) => c.province)).size).toBe(PROVINCES.length);
    for (const city of CITIES) {
      const prefixes = new Set(city.regionCodes.map((r) => r.slice(0, 2)));
      expect(prefixes.size).toBeLessThanOrEqual(1);
    }
  });

  it('keeps web domains unique: city code + brand pinyin never coincide for two (city, brand) pairs', () => {
    const prefixes = new Set<string>();
    for (const city of CITIES) for (const brand of BRANDS) prefixes.add(city.code + brand.ascii);
    expect(prefixes.size).toBe(CITIES.length * BRANDS.length);
    expect(new Set(INDUSTRY_WORDS.map(([w]) => w.ascii)).size).toBe(INDUSTRY_WORDS.length);
  });

  it('has room for at least three million unique company names, and numbers branches beyond that', () => {
    expect(NAME_SPACE_SIZE).toBeGreaterThan(3_000_000);
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const head = generateAccount(rng, i);
      const branch = generateAccount(rng, NAME_SPACE_SIZE + i);
      expect(branch.name).toMatch(/第2分公司$/);
      expect(normalizeCompanyName(branch.name)).not.toBe(normalizeCompanyName(head.name));
    }
  });
});

describe('toCsv', () => {
  it('quotes separators, quotes and newlines, and joins lists', () => {
    const rows = [{ a: 'x,y', b: 'say "hi"', c: ['t1', 't2'], d: null, e: true }, { a: '第一行\n第二行', b: ' pad', c: [], d: 3, e: false }];
    expect(toCsv(rows, ['a', 'b', 'c', 'd', 'e'], ['甲', '乙', '丙', '丁', '戊'])).toBe(
      '甲,乙,丙,丁,戊\r\n"x,y","say ""hi""","t1,t2",,是\r\n"第一行\n第二行"," pad",,3,否\r\n',
    );
  });
});
