// Lead list and search latency through the API (app.inject) beside the same SQL on the driver, as latency.ts does for
// accounts (measureScenarios): only the scenarios differ.
import type { Database } from '../../src/server/db/client.js';
import { getJson, measureScenarios, type Inject, type LatencyOptions, type LatencyRun, type Scenario } from './latency.js';
import type { LeadWorkspace } from './lead-setup.js';

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

export function measureLeadLatency(database: Database, ws: LeadWorkspace, terms: LeadSearchTerms, o: LatencyOptions): Promise<LatencyRun> {
  return measureScenarios(database, ws.deps, ws.apiKey, (inject) => buildScenarios(inject, terms), o);
}
