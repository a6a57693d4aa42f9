// The benchmark's output: one section per database and a summary against the targets.
import type { Kind } from './database.js';
import type { CapturedQuery } from './database.js';
import type { ImportFigures } from './import.js';
import type { LatencyFigures } from './latency.js';
import type { LoadFigures } from './load.js';
import type { StartRun } from './start.js';
import { int, mb, median, ms, pct, ratio, table } from './stats.js';

export interface DbResult {
  kind: Kind;
  load: LoadFigures;
  latency: LatencyFigures[];
  captured: Map<string, CapturedQuery[]>;
  import: ImportFigures;
  start: StartRun | undefined;
  apiKey: string;
}

export const TARGETS = { apiOverRaw: 2, importOverCopy: 0.25, startMs: 3000 };

const label = (k: Kind) => (k === 'pglite' ? 'PGlite' : 'PostgreSQL 15');
const perSecond = (rows: number, msTaken: number) => rows / (msTaken / 1000);

function startMedians(s: StartRun) {
  return {
    wall: median(s.starts.map((x) => x.wallMs)),
    reported: median(s.starts.map((x) => x.reportedMs ?? NaN)),
    rss: median(s.starts.map((x) => x.rssKb ?? NaN)),
  };
}

export function renderResult(r: DbResult): string {
  const out: string[] = [`## ${label(r.kind)}`, ''];
  out.push(`Loaded ${int(r.load.accounts)} accounts by COPY in ${ms(r.load.accountsMs)} ms (${int(perSecond(r.load.accounts, r.load.accountsMs))} rows/s), `
    + `${int(r.load.contacts)} contacts in ${ms(r.load.contactsMs)} ms (${int(perSecond(r.load.contacts, r.load.contactsMs))} rows/s); ANALYZE ${ms(r.load.analyzeMs)} ms.`, '');

  out.push('### List and search: API (inject) beside the same SQL on the driver', '');
  const http = new Map(r.start?.http.map((h) => [h.name, h.summary]) ?? []);
  out.push(table(
    ['scenario', 'rows', 'n', 'API p50 ms', 'API p99 ms', 'API req/s', 'raw p50 ms', 'raw p99 ms', 'raw q/s', 'p50 API/raw', 'all SQL p50 ms', 'HTTP p50 ms'],
    r.latency.map((f) => [
      f.scenario.name, f.rows, f.api.n === f.raw.n ? f.api.n : `${f.api.n}/${f.raw.n}`, ms(f.api.p50), ms(f.api.p99), int(f.api.perSecond), ms(f.raw.p50), ms(f.raw.p99), int(f.raw.perSecond),
      ratio(f.api.p50 / f.raw.p50), `${ms(f.rawAll.p50)} (${f.statements})`, http.has(f.scenario.name) ? ms(http.get(f.scenario.name)!.p50) : '–',
    ]),
  ), '');
  out.push('"raw" is the list statement alone; "all SQL" is every read statement of the request (auth lookup included, count in brackets) run back to back on the driver; '
    + 'HTTP is the started server over a socket (fetch, keep-alive). n is the timed requests (API/raw when they differ); a slow scenario stops early once its time budget is spent.', '');

  const i = r.import;
  const importRate = perSecond(i.rows, i.importMs);
  const copyRate = perSecond(i.rows, i.copyMs);
  out.push('### Import', '');
  out.push(table(['path', 'rows', 'ms', 'rows/s'], [
    ['import service (CSV, labels, dedupe, audit)', i.rows, ms(i.importMs), int(importRate)],
    ['raw COPY of the same rows (rolled back)', i.rows, ms(i.copyMs), int(copyRate)],
  ]), '');
  out.push(`Import at ${pct(importRate / copyRate)} of raw COPY speed; created ${int(i.created)}, failed ${int(i.failed)}; file ${int(i.fileBytes / 1024)} KB.`, '');

  if (r.start) {
    const s = startMedians(r.start);
    out.push(`### Server start on existing data (${r.start.starts.length} starts, median)`, '');
    out.push(table(['figure', 'value'], [
      ['spawn → /health 200', `${ms(s.wall)} ms (each: ${r.start.starts.map((x) => ms(x.wallMs)).join(', ')})`],
      ['server\'s own "started in"', `${ms(s.reported)} ms`],
      ['RSS after start', mb(s.rss)],
      ['RSS after the HTTP runs', r.start.rssAfterKb == null ? '–' : mb(r.start.rssAfterKb)],
      ...(r.start.phases ? [['in-process: open / migrate / build app', `${ms(r.start.phases.openMs)} / ${ms(r.start.phases.migrateMs)} / ${ms(r.start.phases.buildMs)} ms`]] : []),
    ]));
  }
  return out.join('\n');
}

export interface RunInfo { accounts: number; contacts: number; importRows: number; requests: number; warmup: number; starts: number; env: string }

const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');

export function renderSummary(results: DbResult[], info: RunInfo): string {
  const out = [
    '# Baton benchmark', '',
    `${int(info.accounts)} accounts, ${int(info.contacts)} contacts (seed 42); ${info.requests} sequential requests per scenario after ${info.warmup} warm-up; `
      + `import of ${int(info.importRows)} new accounts; ${info.starts} server starts. Machine: ${info.env}. ${new Date().toISOString().slice(0, 10)}.`, '',
  ];
  const rows: string[][] = [];
  for (const r of results) {
    for (const f of r.latency) {
      const x = f.api.p50 / f.raw.p50;
      rows.push([label(r.kind), `API p50 / raw p50: ${f.scenario.name}`, `${ms(f.api.p50)} / ${ms(f.raw.p50)} ms = ${ratio(x)}`, `≤ ${TARGETS.apiOverRaw}×`, verdict(x <= TARGETS.apiOverRaw)]);
    }
    const x = perSecond(r.import.rows, r.import.importMs) / perSecond(r.import.rows, r.import.copyMs);
    rows.push([label(r.kind), 'import rows/s ÷ raw COPY rows/s',
      `${int(perSecond(r.import.rows, r.import.importMs))} / ${int(perSecond(r.import.rows, r.import.copyMs))} = ${pct(x)}`, `≥ ${pct(TARGETS.importOverCopy)}`, verdict(x >= TARGETS.importOverCopy)]);
    if (r.start) {
      const s = startMedians(r.start);
      rows.push([label(r.kind), 'server start (spawn → health), median', `${ms(s.wall)} ms; RSS ${mb(s.rss)}`, `< ${TARGETS.startMs / 1000} s`, verdict(s.wall < TARGETS.startMs)]);
    }
  }
  out.push(table(['database', 'figure', 'measured', 'target', ''], rows));
  return out.join('\n');
}
