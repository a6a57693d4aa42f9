// Baton's benchmark: list/search latency beside the raw SQL, import speed beside raw COPY, server start and
// memory, on PGlite and on PostgreSQL. Prints figures and writes bench/results/latest.md; asserts nothing.
//   node --import tsx bench/run.ts [--db pglite|postgres|both] [--part accounts|leads|both] [--accounts 100000] [--leads 1000000]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTarget, openTarget, type Kind } from './lib/database.js';
import { measureImport } from './lib/import.js';
import { measureLatency } from './lib/latency.js';
import { buildDataset, createBenchWorkspace, loadDataset } from './lib/load.js';
import { renderResult, renderSummary, type DbResult } from './lib/report.js';
import { runLeadBench, type LeadResult } from './lib/lead-run.js';
import { extractLeadSection, renderLeadSummary, spliceLeadSection } from './lib/lead-report.js';
import { measureStart, measureStartPhases } from './lib/start.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    part: { type: 'string', default: 'both' },
    leads: { type: 'string', default: '1000000' },
    'pglite-leads': { type: 'string' },
    'touches-per-lead': { type: 'string', default: '5' },
    burst: { type: 'string', default: '20000' },
    'burst-batch': { type: 'string', default: '500' },
    callers: { type: 'string', default: '4' },
    accounts: { type: 'string', default: '100000' },
    'contacts-per-account': { type: 'string', default: '3' },
    'import-rows': { type: 'string', default: '20000' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    starts: { type: 'string', default: '3' },
    'budget-seconds': { type: 'string', default: '20' },
    'admin-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const whole = (name: string, min = 0) => {
  const v = Number(values[name as keyof typeof values]);
  if (!Number.isInteger(v) || v < min) { console.error(`--${name} takes a whole number ≥ ${min}`); process.exit(2); }
  return v;
};
const accounts = whole('accounts', 100);
const perAccount = whole('contacts-per-account', 1);
const importRows = whole('import-rows', 1);
const requests = whole('requests', 1);
const warmup = whole('warmup');
const startTimes = whole('starts', 1);
const budgetMs = whole('budget-seconds', 1) * 1000;
const leadCount = whole('leads', 100);
const pgliteLeads = values['pglite-leads'] === undefined ? leadCount : whole('pglite-leads', 100);
const touchesPerLead = whole('touches-per-lead', 1);
const burst = whole('burst', 1);
const burstBatch = whole('burst-batch', 1);
const callers = whole('callers', 1);
const parts = values.part === 'both' ? ['accounts', 'leads'] : values.part === 'accounts' || values.part === 'leads' ? [values.part] : [];
if (!parts.length) { console.error('--part takes accounts, leads or both'); process.exit(2); }
const kinds: Kind[] = values.db === 'both' ? ['pglite', 'postgres'] : values.db === 'pglite' || values.db === 'postgres' ? [values.db] : [];
if (!kinds.length) { console.error('--db takes pglite, postgres or both'); process.exit(2); }

// The start measurement runs the CLI from the repository root, wherever the benchmark was started from.
process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

const env = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
const RESULTS = 'bench/results/latest.md';
const previous = await readFile(RESULTS, 'utf8').catch(() => '');
let accountsMd: string | null = null;

if (parts.includes('accounts')) {
log(`generating ${accounts.toLocaleString()} accounts × ${perAccount} contacts (seed 42)…`);
let t0 = performance.now();
const dataset = buildDataset(accounts, perAccount);
log(`generated ${dataset.contacts.length.toLocaleString()} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const results: DbResult[] = [];
for (const kind of kinds) {
  const target = await createTarget(kind, values['admin-url']);
  try {
    log(`${kind}: migrating and loading by COPY…`);
    const database = await openTarget(target);
    let result: DbResult;
    try {
      const ws = await createBenchWorkspace(database, target);
      const load = await loadDataset(database, target, ws.owners, dataset);
      log(`${kind}: loaded in ${((load.accountsMs + load.contactsMs) / 1000).toFixed(1)} s; measuring latency (${requests} requests per scenario)…`);
      t0 = performance.now();
      const latency = await measureLatency(database, ws, dataset, { n: requests, warmup, budgetMs, log });
      log(`${kind}: latency done in ${((performance.now() - t0) / 1000).toFixed(1)} s; importing ${importRows.toLocaleString()} accounts…`);
      const imp = await measureImport(database, target, ws, importRows);
      result = { kind, load, latency: latency.figures, captured: latency.captured, import: imp, start: undefined, apiKey: ws.apiKey };
    } finally {
      await database.close();
    }
    log(`${kind}: starting the server ${startTimes}×…`);
    const httpUrls = result.latency.slice(0, 3).map((f) => ({ name: f.scenario.name, url: f.scenario.url }));
    result.start = await measureStart(target, startTimes, result.apiKey, httpUrls, { n: requests, warmup, budgetMs });
    result.start.phases = await measureStartPhases(target);
    results.push(result);
    console.log(`\n${renderResult(result)}\n`);
  } finally {
    await target.dispose();
  }
}

const md = renderSummary(results, { accounts, contacts: dataset.contacts.length, importRows, requests, warmup, starts: startTimes, env });
console.log(md);
accountsMd = `${md}\n\n${results.map(renderResult).join('\n\n')}\n`;
}

let leadsMd: string | null = null;
if (parts.includes('leads')) {
  const leadResults: LeadResult[] = [];
  for (const kind of kinds) {
    const n = kind === 'pglite' ? pgliteLeads : leadCount;
    const note = n < leadCount ? `PGlite at ${n.toLocaleString('en-US')} leads (${(n * touchesPerLead).toLocaleString('en-US')} touches), not ${leadCount.toLocaleString('en-US')}: see bench/README.md.` : null;
    const target = await createTarget(kind, values['admin-url']);
    try {
      const r = await runLeadBench(kind, target, {
        leads: n, touchesPerLead, burst, batch: burstBatch, callers, requests, warmup, budgetMs, log,
      }, note);
      leadResults.push(r);
    } finally {
      await target.dispose();
    }
  }
  leadsMd = renderLeadSummary(leadResults, { requests, env });
  console.log(`\n${leadsMd}`);
}

// Each part replaces only its own section, so running one part keeps the other's last figures.
const keptLeads = extractLeadSection(previous);
const accountsPart = accountsMd ?? (keptLeads ? previous.replace(keptLeads, '').trimEnd() + '\n' : previous);
const out = leadsMd ? spliceLeadSection(accountsPart, leadsMd) : keptLeads ? `${accountsPart.trimEnd()}\n\n${keptLeads}\n` : accountsPart;
await mkdir('bench/results', { recursive: true });
await writeFile(RESULTS, out);
log(`wrote ${RESULTS}`);
