// Writes generated accounts and contacts as CSV for manual import tests:
//   npx tsx bench/data/cli.ts --seed 42 --accounts 1000 --out /tmp/accounts.csv --contacts-out /tmp/contacts.csv
// Accounts go to stdout when neither file is given. --keys writes dictionary keys instead of labels;
// --bom prefixes a UTF-8 BOM so Excel opens the file in the right encoding.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ACCOUNT_CSV_COLUMNS, CONTACT_CSV_COLUMNS, accountCsvRow, contactCsvRow, generateDataset, toCsv } from './generate.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    accounts: { type: 'string', default: '1000' },
    'contacts-per-account': { type: 'string', default: '3' },
    out: { type: 'string' },
    'contacts-out': { type: 'string' },
    keys: { type: 'boolean', default: false },
    bom: { type: 'boolean', default: false },
  },
});

const accounts = Number(values.accounts);
const perAccount = Number(values['contacts-per-account']);
if (!Number.isInteger(accounts) || accounts < 0 || !Number.isInteger(perAccount) || perAccount < 0) {
  console.error('--accounts and --contacts-per-account take whole numbers');
  process.exit(2);
}
// A numeric seed stays a number so `--seed 42` matches generateDataset({ seed: 42 }).
const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;

function open(path: string | undefined): WriteStream | NodeJS.WriteStream | null {
  if (!path) return null;
  return path === '-' ? process.stdout : createWriteStream(path);
}

const accountOut = open(values.out ?? (values['contacts-out'] ? undefined : '-'));
const contactOut = open(values['contacts-out']);

async function write(stream: WriteStream | NodeJS.WriteStream | null, text: string): Promise<void> {
  if (stream && text && !stream.write(text)) await once(stream, 'drain');
}

const accountColumns = Object.keys(ACCOUNT_CSV_COLUMNS) as (keyof typeof ACCOUNT_CSV_COLUMNS)[];
const contactColumns = Object.keys(CONTACT_CSV_COLUMNS) as (keyof typeof CONTACT_CSV_COLUMNS)[];
const bom = values.bom ? '\uFEFF' : '';
let isFirst = true;
let contactCount = 0;

for (const batch of generateDataset({ seed, accounts, contactsPerAccount: perAccount })) {
  const accountHeaders = isFirst ? Object.values(ACCOUNT_CSV_COLUMNS) : null;
  const contactHeaders = isFirst ? Object.values(CONTACT_CSV_COLUMNS) : null;
  const prefix = isFirst ? bom : '';
  await write(accountOut, prefix + toCsv(batch.accounts.map((a) => accountCsvRow(a, values.keys)), accountColumns, accountHeaders));
  if (contactOut) {
    await write(contactOut, prefix + toCsv(batch.contacts.map((c) => contactCsvRow(c, values.keys)), contactColumns, contactHeaders));
  }
  contactCount += batch.contacts.length;
  isFirst = false;
}

for (const stream of [accountOut, contactOut]) {
  if (stream && stream !== process.stdout) { (stream as WriteStream).end(); await once(stream, 'finish'); }
}
console.error(`wrote ${accounts} accounts${contactOut ? ` and ${contactCount} contacts` : ''} (seed ${seed})`);
