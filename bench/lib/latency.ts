// List and search latency through the API (app.inject: routing, auth, validation, service, serialisation;
// no socket) beside the same SQL run directly on the driver. The SQL is captured, not rewritten: an app
// built on a recording Drizzle handle serves the request once and hands back what its repositories sent.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { AppDeps } from '../../src/server/deps.js';
import type { Database } from '../../src/server/db/client.js';
import { companyIdentity, namePermutation } from '../data/company-identity.js';
import { Rng } from '../data/generate.js';
import { rawQuery, recordingDb, type CapturedQuery } from './database.js';
import type { Workspace } from './load.js';
import { SEED } from './load.js';
import type { Dataset } from './rows.js';
import { summarize, timeInterleaved, type Summary } from './stats.js';

export interface Scenario { name: string; url: string }

export interface LatencyFigures {
  scenario: Scenario;
  rows: number;
  api: Summary;
  /** The list query alone, on the driver. */
  raw: Summary;
  /** Every read statement of the request (auth lookup included), back to back on the driver. */
  rawAll: Summary;
  statements: number;
}

export type Inject = (url: string) => Promise<{ status: number; body: Buffer }>;

/**
 * A request through app.inject, its body read as the bytes the app wrote: a client decoding them into a string is the
 * client's work, not the app's (for a 50-row page of Chinese text, over V8's 128 KB large-object size as a string,
 * light-my-request's decode alone cost about 0.9 ms on a 2-core VM).
 */
function injector(app: FastifyInstance, apiKey: string): Inject {
  return async (url) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${apiKey}` }, payloadAsStream: true });
    const chunks: Buffer[] = [];
    for await (const chunk of res.stream()) chunks.push(chunk as Buffer);
    return { status: res.statusCode, body: Buffer.concat(chunks) };
  };
}

export async function getJson(inject: Inject, url: string): Promise<{ items: unknown[]; nextCursor: string | null }> {
  const res = await inject(url);
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${res.body.toString().slice(0, 300)}`);
  return JSON.parse(res.body.toString());
}

/** The five scenarios of the issue, with search terms taken from the loaded data. */
export async function buildScenarios(inject: Inject, d: Dataset): Promise<Scenario[]> {
  const mid = Math.floor(d.accounts.length / 2);
  // Brand + industry word (云栈科技): the part of a name people type, shared by the brand's companies in other cities.
  const id = companyIdentity(namePermutation(new Rng(SEED)), mid);
  const brandWord = `${id.brand.name}${id.word.word}`.slice(0, 4);
  const person = d.contacts[Math.floor(d.contacts.length / 2)].name;
  const base = '/api/v1/accounts?limit=50';
  const page2 = await getJson(inject, base);
  const page3 = await getJson(inject, `${base}&cursor=${page2.nextCursor}`);
  return [
    { name: 'accounts, first page', url: base },
    { name: 'accounts, page 3 (cursor)', url: `${base}&cursor=${page3.nextCursor}` },
    { name: `accounts, search q=${brandWord}`, url: `${base}&q=${encodeURIComponent(brandWord)}` },
    { name: 'accounts, industry=C & province=广东省', url: `${base}&industry=C&province=${encodeURIComponent('广东省')}` },
    { name: `contacts, search q=${person}`, url: `/api/v1/contacts?limit=50&q=${encodeURIComponent(person)}` },
  ];
}

const isRead = (q: CapturedQuery) => /^\s*select/i.test(q.sql);
/** The statement that lists: the last read with a LIMIT (the auth lookup has none). */
const listQuery = (qs: CapturedQuery[]) => [...qs].reverse().find((q) => isRead(q) && /\blimit\b/i.test(q.sql));

export interface LatencyRun { figures: LatencyFigures[]; captured: Map<string, CapturedQuery[]> }

export interface LatencyOptions { n: number; warmup: number; budgetMs: number; log: (msg: string) => void }

export function measureLatency(database: Database, ws: Workspace, d: Dataset, o: LatencyOptions): Promise<LatencyRun> {
  return measureScenarios(database, ws.deps, ws.apiKey, (inject) => buildScenarios(inject, d), o);
}

/**
 * Times each scenario's request through the API, alternating with its list statement and all its read statements on
 * the driver (captured from one request served by an app over a recording Drizzle handle).
 */
export async function measureScenarios(
  database: Database, deps: AppDeps, apiKey: string, scenariosOf: (inject: Inject) => Promise<Scenario[]>, o: LatencyOptions,
): Promise<LatencyRun> {
  const { n, warmup, budgetMs } = o;
  const app = await buildApp(deps, { serveWeb: false });
  const recorder = recordingDb(database);
  const recordingApp = await buildApp({ ...deps, db: recorder.db }, { serveWeb: false });
  const inject = injector(app, apiKey);
  const injectRecorded = injector(recordingApp, apiKey);
  const figures: LatencyFigures[] = [];
  const captured = new Map<string, CapturedQuery[]>();
  try {
    const scenarios = await scenariosOf(inject);
    // One untimed pass over every scenario first: otherwise the first one is timed while V8 still compiles the request
    // path (the first page measured 0.3-0.5 ms slower than page 3, the same statement, whichever of them ran first).
    for (const scenario of scenarios) for (let i = 0; i < warmup; i++) await inject(scenario.url);
    for (const scenario of scenarios) {
      recorder.take();
      const { items } = await getJson(injectRecorded, scenario.url);
      const statements = recorder.take().filter(isRead);
      const list = listQuery(statements);
      if (!list) throw new Error(`no list query captured for ${scenario.url}`);
      captured.set(scenario.name, statements);
      const [api, raw, rawAll] = (await timeInterleaved(n, warmup, [
        async () => {
          const res = await inject(scenario.url);
          if (res.status !== 200) throw new Error(`GET ${scenario.url} → ${res.status}`);
        },
        () => rawQuery(database, list.sql, list.params),
        async () => { for (const q of statements) await rawQuery(database, q.sql, q.params); },
      ], budgetMs)).map(summarize);
      o.log(`  ${scenario.name}: ${items.length} rows, API p50 ${api.p50.toFixed(1)} ms, raw p50 ${raw.p50.toFixed(1)} ms (n ${api.n}/${raw.n})`);
      figures.push({ scenario, rows: items.length, api, raw, rawAll, statements: statements.length });
    }
  } finally {
    await app.close();
    await recordingApp.close();
  }
  return { figures, captured };
}
