// Deterministic Chinese B2B accounts and contacts for benchmarks and the demo seed. Row i depends only
// on (seed, i), so any row can be regenerated alone, and the same seed gives byte-identical output.
import { extractDomain } from '../../src/shared/normalize.js';
import {
  companyIdentity, creditCodeFor, creditCodePermutation, domainSlug, formatCompanyName, namePermutation, type NameStyle,
} from './company-identity.js';
import {
  contactPermutations, emailLocalPart, formatMobile, freeMailFor, mobileFor, wechatFor, type ContactPermutations,
  type PersonName,
} from './contact-identity.js';
import type { Permutation } from './permutation.js';
import { mix32, Rng, type Weighted } from './random.js';
import {
  ANY_INDUSTRY, EMPLOYEE_SIZE_WEIGHTS, FREE_MAIL_DOMAINS, GENERAL_TAGS, GIVEN_CHARS, JOB_TITLES, LEGAL_FORMS_BY_SIZE,
  LEVEL_BY_SEGMENT, LIFECYCLE_WEIGHTS, REVENUE_RANGES, SEGMENT_BY_SIZE, SOURCE_WEIGHTS, SURNAMES,
} from './vocab.js';
import { writeNeeds, writeNote } from './vocab-notes.js';

export { Rng } from './random.js';
export { toCsv, ACCOUNT_CSV_COLUMNS, CONTACT_CSV_COLUMNS, accountCsvRow, contactCsvRow } from './csv.js';

export interface GeneratedAccount {
  name: string;
  creditCode: string | null;
  industry: string;
  employeeSize: string;
  /** Yuan, two decimals, as Postgres numeric(18,2) returns it. */
  annualRevenue: string | null;
  province: string;
  city: string;
  website: string | null;
  level: string;
  segment: string;
  lifecycleStage: string;
  source: string;
  tags: string[];
  notes: string | null;
  needs: string | null;
}

export interface GeneratedContact {
  /** The account's name, unique in the dataset: how an import links a contact to its account. */
  accountName: string;
  name: string;
  title: string | null;
  department: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  buyingRoles: string[];
  stance: string;
  isPrimary: boolean;
}

// Streams and permutations are derived once per root generator; keyed by instance, recomputed (with the
// same result) for another instance built from the same seed.
interface Streams {
  accounts: Rng; contacts: Rng; contactCounts: number;
  names: Permutation; codes: Permutation; handles: ContactPermutations;
}
const streamCache = new WeakMap<Rng, Streams>();

function streamsOf(rng: Rng): Streams {
  let streams = streamCache.get(rng);
  if (!streams) {
    streams = {
      accounts: rng.fork('accounts'), contacts: rng.fork('contacts'), contactCounts: rng.fork('contact-counts').next(),
      names: namePermutation(rng), codes: creditCodePermutation(rng), handles: contactPermutations(rng),
    };
    streamCache.set(rng, streams);
  }
  return streams;
}

const NAME_STYLES: Weighted<NameStyle> = [['plain', 13], ['city-with-shi', 5], ['city-in-brackets', 2]];
const TAG_COUNTS: Weighted<number> = [[0, 40], [1, 35], [2, 18], [3, 7]];
const TLDS: Weighted<string> = [['com', 60], ['cn', 25], ['com.cn', 15]];
const STANCES: Weighted<string> = [['support', 4], ['neutral', 5], ['oppose', 1]];

function sizeBand(size: string): 'small' | 'mid' | 'large' {
  return size === '1-49' || size === '50-99' ? 'small' : size === '100-499' ? 'mid' : 'large';
}

/** Log-uniform in the size's range, rounded to three significant figures of 万 yuan. */
function revenueFor(r: Rng, size: string): string {
  const [min, max] = REVENUE_RANGES[size];
  const wan = Math.exp(Math.log(min) + r.float() * (Math.log(max) - Math.log(min))) / 1e4;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(wan)) - 2);
  return `${Math.round(wan / step) * step * 1e4}.00`;
}

function websiteFor(r: Rng, slug: string): string {
  const host = `www.${slug}.${r.weighted(TLDS)}`;
  const roll = r.float();
  return roll < 0.75 ? `https://${host}` : roll < 0.9 ? `http://${host}` : host;
}

/** Up to three tags: the ones the account's facts call for, then general ones. */
function tagsFor(r: Rng, a: Pick<GeneratedAccount, 'level' | 'employeeSize' | 'lifecycleStage'>): string[] {
  const count = r.weighted(TAG_COUNTS);
  const tags: string[] = [];
  if (a.level === 'A' && r.chance(0.5)) tags.push('重点客户');
  if ((a.employeeSize === '1000-4999' || a.employeeSize === '5000+') && r.chance(0.3)) tags.push('上市公司');
  if (a.lifecycleStage === 'customer' && r.chance(0.15)) tags.push('续约风险');
  for (let attempt = 0; tags.length < count && attempt < 10; attempt++) {
    const tag = r.weighted(GENERAL_TAGS);
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Account i of the dataset seeded by rng; the same (seed, i) always gives the same account. */
export function generateAccount(rng: Rng, i: number): GeneratedAccount {
  const streams = streamsOf(rng);
  const r = streams.accounts.fork(i);
  const id = companyIdentity(streams.names, i);
  const employeeSize = r.weighted(EMPLOYEE_SIZE_WEIGHTS);
  const name = formatCompanyName(id, r.weighted(LEGAL_FORMS_BY_SIZE[sizeBand(employeeSize)]), r.weighted(NAME_STYLES));
  const industry = r.chance(0.04) ? r.weighted(ANY_INDUSTRY) : r.weighted(id.word.industries);
  const { regionCodes } = id.city;
  const creditCode = regionCodes.length && r.chance(0.85)
    ? creditCodeFor(streams.codes, i, r.pick(regionCodes), r.chance(0.55)) : null;
  const annualRevenue = r.chance(0.8) ? revenueFor(r, employeeSize) : null;
  const website = r.chance(0.7) ? websiteFor(r, domainSlug(id)) : null;
  const segment = r.weighted(SEGMENT_BY_SIZE[employeeSize]);
  const level = r.weighted(LEVEL_BY_SEGMENT[segment]);
  const lifecycleStage = r.weighted(LIFECYCLE_WEIGHTS);
  const source = r.weighted(SOURCE_WEIGHTS);
  const tags = tagsFor(r, { level, employeeSize, lifecycleStage });
  const notes = r.chance(0.4) ? writeNote(r) : null;
  const needs = r.chance(0.3) ? writeNeeds(r) : null;
  return {
    name, creditCode, industry, employeeSize, annualRevenue, province: id.city.province, city: id.city.name, website,
    level, segment, lifecycleStage, source, tags, notes, needs,
  };
}

/** A Chinese name with the pinyin its email local part is built from. */
export function personName(r: Rng): PersonName {
  const surname = r.weighted(SURNAMES);
  const given = r.chance(0.22) ? [r.pick(GIVEN_CHARS)] : [r.pick(GIVEN_CHARS), r.pick(GIVEN_CHARS)];
  return { name: surname.char + given.map((g) => g.char).join(''), surnameAscii: surname.ascii, givenAscii: given.map((g) => g.ascii) };
}

/**
 * The count contacts of one account, numbered from firstContactIndex in the whole dataset: that global
 * index is what keeps mobiles and emails unique across accounts.
 */
export function generateContacts(rng: Rng, account: GeneratedAccount, firstContactIndex: number, count: number): GeneratedContact[] {
  const streams = streamsOf(rng);
  const domain = extractDomain(account.website);
  const usedLocals = new Set<string>();
  const contacts: GeneratedContact[] = [];
  for (let j = 0; j < count; j++) {
    const index = firstContactIndex + j;
    const r = streams.contacts.fork(index);
    const person = personName(r);
    const job = r.chance(0.95) ? r.weighted(JOB_TITLES) : null;
    const mobile = r.chance(0.9) ? mobileFor(streams.handles, index) : null;
    const local = emailLocalPart(r, person);
    let email: string | null = null;
    if (r.chance(0.7)) {
      if (domain && r.chance(0.65)) {
        // The company domain is unique to this account, so the local part only has to be unique within it.
        let candidate = local;
        for (let n = 2; usedLocals.has(candidate); n++) candidate = `${local}${n}`;
        usedLocals.add(candidate);
        email = `${candidate}@${domain}`;
      } else {
        email = freeMailFor(r, streams.handles, index, local, r.weighted(FREE_MAIL_DOMAINS));
      }
    }
    contacts.push({
      accountName: account.name,
      name: person.name,
      title: job?.title ?? null,
      department: job && r.chance(0.9) ? job.department : null,
      mobile: mobile && formatMobile(r, mobile),
      email,
      wechat: r.chance(0.4) ? wechatFor(r, streams.handles, index, local, mobile) : null,
      buyingRoles: job ? [...job.roles] : [],
      stance: r.weighted(STANCES),
      isPrimary: j === 0,
    });
  }
  return contacts;
}

/**
 * Where account i's contacts sit in the dataset. Accounts pair up (2k, 2k+1) and share 2 × perAccount
 * contacts unevenly, so counts vary (1…perAccount+2) while the total stays exactly accounts × perAccount.
 */
export function contactRange(rng: Rng, i: number, accounts: number, perAccount: number): { first: number; count: number } {
  const spread = Math.min(2, perAccount - 1);
  const isUnpaired = i % 2 === 0 && i + 1 >= accounts;
  if (spread <= 0 || isUnpaired) return { first: i * perAccount, count: perAccount };
  const salt = streamsOf(rng).contactCounts;
  const shift = (mix32(salt ^ Math.imul(Math.floor(i / 2) + 1, 0x9e3779b1)) % (2 * spread + 1)) - spread;
  return i % 2 === 0
    ? { first: i * perAccount, count: perAccount + shift }
    : { first: i * perAccount + shift, count: perAccount - shift };
}

export interface DatasetOptions {
  seed: number | string;
  accounts: number;
  contactsPerAccount?: number;
  /** Accounts per yielded batch; memory stays flat whatever the dataset size. */
  batchSize?: number;
}

export interface DatasetBatch {
  firstAccountIndex: number;
  accounts: GeneratedAccount[];
  /** The contacts of this batch's accounts, in account order. */
  contacts: GeneratedContact[];
}

/** Streams the dataset in batches: for (const batch of generateDataset({ seed: 42, accounts: 100_000 })). */
export function* generateDataset(options: DatasetOptions): Generator<DatasetBatch> {
  const { seed, accounts: total, contactsPerAccount = 3, batchSize = 1000 } = options;
  if (!Number.isInteger(contactsPerAccount) || contactsPerAccount < 0) throw new RangeError('contactsPerAccount must be a whole number');
  const rng = new Rng(seed);
  for (let start = 0; start < total; start += batchSize) {
    const accounts: GeneratedAccount[] = [];
    const contacts: GeneratedContact[] = [];
    for (let i = start; i < Math.min(start + batchSize, total); i++) {
      const account = generateAccount(rng, i);
      const { first, count } = contactRange(rng, i, total, contactsPerAccount);
      accounts.push(account);
      contacts.push(...generateContacts(rng, account, first, count));
    }
    yield { firstAccountIndex: start, accounts, contacts };
  }
}
