// The lead part of the benchmark on one database: load, list/search latency, the capture burst (service, then HTTP),
// the rescore run after a model change, and the recycle sweep (daily pass, then worst case). Order matters: latency is
// measured on the freshly loaded table, before the runs that rewrite it.
import type { Kind } from './database.js';
import { openTarget, type BenchTarget } from './database.js';
import { LeadGenerator } from '../data/leads.js';
import { loadLeads, type LeadLoadFigures } from './lead-rows.js';
import { createLeadWorkspace, fixedClock, LEADS_NOW } from './lead-setup.js';
import { measureLeadLatency } from './lead-latency.js';
import {
  burstInputs, makeEveryLeadDue, measureCaptureHttp, measureCaptureService, measureRecyclePass, measureRescore, type BurstFigures, type JobFigures,
} from './lead-measure.js';
import type { CapturedQuery } from './database.js';
import type { LatencyFigures } from './latency.js';

export const LEAD_SEED = 'baton-leads-42';

export interface LeadOptions {
  leads: number; touchesPerLead: number; burst: number; batch: number; callers: number;
  requests: number; warmup: number; budgetMs: number; log: (m: string) => void;
}

export interface LeadResult {
  kind: Kind;
  scaleNote: string | null;
  load: LeadLoadFigures;
  latency: LatencyFigures[];
  captured: Map<string, CapturedQuery[]>;
  bursts: BurstFigures[];
  rescore: JobFigures & { leads: number };
  recycleDaily: JobFigures & { due: number };
  recycleWorst: JobFigures & { due: number };
}

export async function runLeadBench(kind: Kind, t: BenchTarget, o: LeadOptions, scaleNote: string | null): Promise<LeadResult> {
  const database = await openTarget(t);
  try {
    const ws = await createLeadWorkspace(database, t, fixedClock(LEADS_NOW));
    const gen = new LeadGenerator({ seed: LEAD_SEED, leads: o.leads, touchesPerLead: o.touchesPerLead, now: LEADS_NOW });
    o.log(`${kind}: loading ${o.leads.toLocaleString()} leads × ~${o.touchesPerLead} touches by COPY…`);
    const load = await loadLeads(database, t, ws.owners, gen, o.log);
    o.log(`${kind}: loaded in ${(load.wallMs / 1000).toFixed(1)} s (COPY ${((load.leadsCopyMs + load.scoresCopyMs + load.touchesCopyMs) / 1000).toFixed(1)} s); list/search latency…`);
    const latency = await measureLeadLatency(database, ws, gen.searchTerms(Math.floor(o.leads / 2)), { n: o.requests, warmup: o.warmup, budgetMs: o.budgetMs, log: o.log });

    const bursts: BurstFigures[] = [];
    for (const [k, path] of (['service', 'HTTP'] as const).entries()) {
      const inputs = burstInputs(gen, o.leads + k * o.burst, o.burst);
      o.log(`${kind}: capturing ${o.burst.toLocaleString()} new leads through the ${path} path (${o.callers} callers × ${o.batch})…`);
      const f = path === 'service' ? await measureCaptureService(ws, inputs, o.batch, o.callers) : await measureCaptureHttp(ws, inputs, o.batch, o.callers);
      o.log(`  ${(f.leads / (f.ms / 1000)).toFixed(0)} leads/s (${(f.ms / 1000).toFixed(1)} s) ${JSON.stringify(f.outcomes)}`);
      bursts.push(f);
    }

    o.log(`${kind}: activating a new scoring model and running the rescore job…`);
    const rescore = await measureRescore(ws);
    o.log(`  rescored ${rescore.leads.toLocaleString()} leads in ${(rescore.ms / 1000).toFixed(1)} s (${rescore.status})`);

    o.log(`${kind}: recycle pass, daily…`);
    const recycleDaily = await measureRecyclePass(ws);
    o.log(`  ${recycleDaily.due.toLocaleString()} due, ${(recycleDaily.ms / 1000).toFixed(1)} s ${JSON.stringify(recycleDaily.checkpoint)}`);
    const all = await makeEveryLeadDue(ws);
    o.log(`${kind}: recycle pass, worst case (${all.toLocaleString()} leads due)…`);
    const recycleWorst = await measureRecyclePass(ws);
    o.log(`  ${recycleWorst.due.toLocaleString()} due, ${(recycleWorst.ms / 1000).toFixed(1)} s ${JSON.stringify(recycleWorst.checkpoint)}`);
    return { kind, scaleNote, load, latency: latency.figures, captured: latency.captured, bursts, rescore, recycleDaily, recycleWorst };
  } finally {
    await database.close();
  }
}
