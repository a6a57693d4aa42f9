// Lead list and search latency through the API (app.inject) beside the same SQL on the driver, as latency.ts does for
// accounts: the list statement is captured from a recording Drizzle handle, then run raw with the same parameters.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { Database } from '../../src/server/db/client.js';
import { rawQuery, recordingDb, type CapturedQuery } from './database.js';
import type { LatencyFigures, LatencyOptions, Scenario } from './latency.js';
import type { LeadWorkspace } from './lead-setup.js';
import { summarize, timeInterleaved } from './stats.js';

type Inject = (url: string) => Promise<{ status: number; body: string }>;

function injector(app: FastifyInstance, apiKey: string): Inject {
  return async (url) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${apiKey}` } });
    return { status: res.statusCode, body: res.body };
  };
}

async function getJson(inject: Inject, url: string): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const res = await inject(url);
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body);
}

export interface LeadSearchTerms { company: string; mobile: string }

/** The five scenarios of the brief: first page, tier=A & status=mql, company search, mobile search, page 3. */
async function buildScenarios(inject: Inject, terms: LeadSearchTerms): Promise<Scenario[]> {
  const base = '/api/v1/leads?limit=50';
  const page2 = await getJson(inject, base);
  const page3 = await getJson(inject, `${base}&cursor=${page2.nextCursor}`);
  return [
    { name: 'leads, first page', url: base },
    { name: 'leads, page 3 (cursor)', url: `${base}&cursor=${page3.nextCursor}` },
    { name: 'leads, tier=A & status=mql', url: `${base}&tier=A&status=mql` },
    { name: `leads, search q=${terms.company}`, url: `${base}&q=${encodeURIComponent(terms.company)}` },
    { name: `leads, search q=${terms.mobile}`, url: `${base}&q=${encodeURIComponent(terms.mobile)}` },
  ];
}

const isRead = (q: CapturedQuery) => /^\s*select/i.test(q.sql);
const listQuery = (qs: CapturedQuery[]) => [...qs].reverse().find((q) => isRead(q) && /\blimit\b/i.test(q.sql));

export async function measureLeadLatency(database: Database, ws: LeadWorkspace, terms: LeadSearchTerms, o: LatencyOptions) {
  const { n, warmup, budgetMs } = o;
  const app = await buildApp(ws.deps, { serveWeb: false });
  const recorder = recordingDb(database);
  const recordingApp = await buildApp({ ...ws.deps, db: recorder.db }, { serveWeb: false });
  const inject = injector(app, ws.apiKey);
  const injectRecorded = injector(recordingApp, ws.apiKey);
  const figures: LatencyFigures[] = [];
  const captured = new Map<string, CapturedQuery[]>();
  try {
    const scenarios = await buildScenarios(inject, terms);
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
