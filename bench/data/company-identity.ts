// Unique company identities by construction. An account index goes through a keyed permutation to one
// (city, brand, industry word) triple, so no two accounts share a normalised name, a web domain or a
// credit code, at any scale, with no collision checks and no memory.
import { withCreditCheckChar } from '../../src/shared/normalize.js';
import { Permutation } from './permutation.js';
import { mix32, type Rng } from './random.js';
import { BRAND_FIRST, BRAND_SECOND, CITIES, FAMOUS_BRANDS, INDUSTRY_WORDS, type City, type IndustryWord } from './vocab.js';

export interface Brand { name: string; ascii: string }

export const BRANDS: readonly Brand[] = BRAND_FIRST
  .flatMap((a) => BRAND_SECOND.map((b) => ({ name: a.char + b.char, ascii: a.ascii + b.ascii })))
  .filter((brand) => !FAMOUS_BRANDS.has(brand.name));

// The name space is cut into (city, word) cells. A cell holds names in proportion to its city weight ×
// word weight, and at most one per brand, so an index in the space is a cell plus a brand within it and
// the spread of cities and industries follows the weights whatever the sample size.
const maxCityWeight = Math.max(...CITIES.map((c) => c.weight));
const maxWordWeight = Math.max(...INDUSTRY_WORDS.map(([, w]) => w));
const cells: { city: City; word: IndustryWord; start: number; multiplier: number }[] = [];
let spaceSize = 0;
CITIES.forEach((city) => INDUSTRY_WORDS.forEach(([word, weight]) => {
  const capacity = Math.floor(BRANDS.length * (city.weight / maxCityWeight) * (weight / maxWordWeight));
  if (capacity === 0) return;
  cells.push({ city, word, start: spaceSize, multiplier: coprimeMultiplier(cells.length) });
  spaceSize += capacity;
}));

/** Accounts beyond this many repeat a triple as a numbered 分公司 (about 3.3 million). */
export const NAME_SPACE_SIZE = spaceSize;

// Each cell walks the brand list with its own stride, so small cells do not all take the first brands.
function coprimeMultiplier(cellIndex: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let m = (mix32(cellIndex + 1) % (BRANDS.length - 1)) + 1;
  while (gcd(m, BRANDS.length) !== 1) m++;
  return m;
}

export interface CompanyIdentity {
  city: City;
  brand: Brand;
  word: IndustryWord;
  /** 0 for the head office; n ≥ 1 only past NAME_SPACE_SIZE accounts. */
  branch: number;
}

export function namePermutation(rng: Rng): Permutation {
  return new Permutation(NAME_SPACE_SIZE, rng.fork('company-names'));
}

export function companyIdentity(names: Permutation, index: number): CompanyIdentity {
  const k = names.at(index % NAME_SPACE_SIZE);
  let lo = 0;
  let hi = cells.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cells[mid].start <= k) lo = mid;
    else hi = mid - 1;
  }
  const cell = cells[lo];
  const brand = BRANDS[((k - cell.start) * cell.multiplier + lo) % BRANDS.length];
  return { city: cell.city, brand, word: cell.word, branch: Math.floor(index / NAME_SPACE_SIZE) };
}

export type NameStyle = 'plain' | 'city-with-shi' | 'city-in-brackets';

/** 深圳云栈科技有限公司 · 深圳市云栈科技有限公司 · 云栈科技（深圳）有限公司 — one triple, one style. */
export function formatCompanyName(id: CompanyIdentity, legalForm: string, style: NameStyle): string {
  const { city, brand, word } = id;
  const head = style === 'city-in-brackets' ? `${brand.name}${word.word}（${city.short}）`
    : style === 'city-with-shi' && city.name.endsWith('市') ? `${city.name}${brand.name}${word.word}`
      : `${city.short}${brand.name}${word.word}`;
  return id.branch ? `${head}${legalForm}第${id.branch + 1}分公司` : `${head}${legalForm}`;
}

/** szyunzhan-tech: the hyphen splits it unambiguously, and city code + brand pinyin is checked unique. */
export function domainSlug(id: CompanyIdentity): string {
  return `${id.city.code}${id.brand.ascii}-${id.word.ascii}${id.branch ? id.branch + 1 : ''}`;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of a 组织机构代码 (GB 11714), the 9th character of the code's body. */
function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i], 36) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export const CREDIT_CODE_SPACE = 1e8;

export function creditCodePermutation(rng: Rng): Permutation {
  return new Permutation(CREDIT_CODE_SPACE, rng.fork('credit-codes'));
}

/**
 * 91 (enterprise) + region + a unique 9-character body + GB 32100 check. The body is older-style
 * 8 digits or post-2015 MA + 6 characters; the two never overlap, so uniqueness only rests on the index.
 */
export function creditCodeFor(codes: Permutation, index: number, regionCode: string, isNewStyle: boolean): string {
  let k = codes.at(index);
  let body: string;
  if (isNewStyle) {
    body = 'MA';
    for (let i = 0; i < 6; i++) { body += CREDIT_CHARS[k % 31]; k = Math.floor(k / 31); }
  } else {
    body = String(k).padStart(8, '0');
  }
  return withCreditCheckChar(`91${regionCode}${body}${orgCodeCheck(body)}`);
}
