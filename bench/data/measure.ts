// Prints how long and how much memory generating a dataset takes (figures, never assertions):
//   npx tsx bench/data/measure.ts --accounts 100000 --contacts-per-account 3
// --check also proves uniqueness of normalised names, domains, credit codes, mobiles and emails over the
// whole run (it keeps those keys in memory, so the memory figure then includes them).
import { parseArgs } from 'node:util';
import { extractDomain, normalizeCompanyName, normalizeMobile } from '../../src/shared/normalize.js';
import { generateDataset } from './generate.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    accounts: { type: 'string', default: '100000' },
    'contacts-per-account': { type: 'string', default: '3' },
    check: { type: 'boolean', default: false },
  },
});

const keys = { names: new Set<string>(), domains: new Set<string>(), codes: new Set<string>(), mobiles: new Set<string>(), emails: new Set<string>() };
let duplicates = 0;
const add = (set: Set<string>, key: string | null) => {
  if (key == null) return;
  if (set.has(key)) duplicates++;
  else set.add(key);
};

globalThis.gc?.();
const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
let accountCount = 0;
let contactCount = 0;
const started = performance.now();

for (const batch of generateDataset({
  seed: Number(values.seed), accounts: Number(values.accounts), contactsPerAccount: Number(values['contacts-per-account']),
})) {
  accountCount += batch.accounts.length;
  contactCount += batch.contacts.length;
  if (values.check) {
    for (const a of batch.accounts) {
      add(keys.names, normalizeCompanyName(a.name));
      add(keys.domains, extractDomain(a.website));
      add(keys.codes, a.creditCode);
    }
    for (const c of batch.contacts) {
      add(keys.mobiles, normalizeMobile(c.mobile));
      add(keys.emails, c.email);
    }
  }
  if (batch.firstAccountIndex % 20_000 === 0) {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
}

const seconds = (performance.now() - started) / 1000;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(`generated ${accountCount.toLocaleString()} accounts + ${contactCount.toLocaleString()} contacts in ${seconds.toFixed(2)} s`
  + ` (${Math.round((accountCount + contactCount) / seconds).toLocaleString()} rows/s)`);
console.log(`memory: rss ${mb(baseline.rss)} → peak ${mb(peakRss)}; heap used ${mb(baseline.heapUsed)} → peak ${mb(peakHeap)} (sampled every 20 batches)`);
if (values.check) {
  const sizes = Object.entries(keys).map(([k, set]) => `${k} ${set.size.toLocaleString()}`).join(', ');
  console.log(`unique keys: ${sizes}; duplicates: ${duplicates}`);
}
