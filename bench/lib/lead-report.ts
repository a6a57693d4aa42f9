// The lead section of bench/results/latest.md: one block per database and a summary against the issue's targets.
// It sits between markers, so a run of only one part (accounts or leads) keeps the other part's figures.
import type { LeadResult } from './lead-run.js';
import { int, ms, ratio, table } from './stats.js';

export const LEAD_TARGETS = { captureLeadsPerSecond: 2000, rescoreMs: 60_000, recycleMs: 30_000, apiOverRaw: 2 };
export const LEADS_START = '<!-- leads:start -->';
export const LEADS_END = '<!-- leads:end -->';

const label = (k: LeadResult['kind']) => (k === 'pglite' ? 'PGlite' : 'PostgreSQL 15');
const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');
const sec = (x: number) => `${(x / 1000).toFixed(1)} s`;
const rate = (n: number, msTaken: number) => n / (msTaken / 1000);
type Checkpoint = { checked?: number; recycled?: number; warned?: number } | null;

export function renderLeadResult(r: LeadResult): string {
  const l = r.load;
  const out: string[] = [`### Leads on ${label(r.kind)}`, ''];
  if (r.scaleNote) out.push(`> ${r.scaleNote}`, '');
  out.push(`Loaded ${int(l.leads)} leads and ${int(l.touches)} touches in ${sec(l.wallMs)}: generating and scoring ${sec(l.generateMs)}, `
    + `COPY leads ${sec(l.leadsCopyMs)} (${int(rate(l.leads, l.leadsCopyMs))} rows/s), COPY lead_scores ${sec(l.scoresCopyMs)}, COPY touches ${sec(l.touchesCopyMs)} (${int(rate(l.touches, l.touchesCopyMs))} rows/s), `
    + `folding the reps' load changes, VACUUM ANALYZE and CHECKPOINT ${sec(l.analyzeMs)}. ${int(l.owned)} held by 40 reps, ${int(l.inPool)} in the pool; tiers `
    + `${Object.entries(l.tiers).sort().map(([k, v]) => `${k} ${int(v)}`).join(', ')}; ${int(l.recycleChecked)} with a recycle check, ${int(l.dueToday)} of them due today.`, '');

  out.push('#### List and search: API (inject) beside the same SQL on the driver', '');
  out.push(table(
    ['scenario', 'rows', 'n', 'API p50 ms', 'API p99 ms', 'raw p50 ms', 'raw p99 ms', 'p50 API/raw', 'all SQL p50 ms'],
    r.latency.map((f) => [
      f.scenario.name, f.rows, f.api.n === f.raw.n ? f.api.n : `${f.api.n}/${f.raw.n}`, ms(f.api.p50), ms(f.api.p99), ms(f.raw.p50), ms(f.raw.p99),
      ratio(f.api.p50 / f.raw.p50), `${ms(f.rawAll.p50)} (${f.statements})`,
    ]),
  ), '');

  out.push('#### Capture burst: clean → 查重 → score → route → write', '');
  out.push(table(['path', 'leads', 'batch × callers', 'seconds', 'leads/s', 'outcomes'], r.bursts.map((b) => [
    b.path === 'service' ? 'captureLeads (service)' : 'POST /api/v1/leads/batch (HTTP, API key)', int(b.leads), `${b.batch} × ${b.callers}`,
    (b.ms / 1000).toFixed(1), int(rate(b.leads, b.ms)), Object.entries(b.outcomes).map(([k, v]) => `${k} ${int(v)}`).join(', '),
  ])), '');

  const d = r.recycleDaily.checkpoint as Checkpoint;
  const w = r.recycleWorst.checkpoint as Checkpoint;
  out.push('#### Background jobs (runDueJobs, the durable runner)', '');
  out.push(table(['job', 'leads', 'seconds', 'leads/s', 'result'], [
    ['leads.rescore after activating a new model', int(r.rescore.leads), (r.rescore.ms / 1000).toFixed(1), int(rate(r.rescore.leads, r.rescore.ms)), r.rescore.status],
    ['leads.recycle, daily pass (checks due today)', int(d?.checked ?? 0), (r.recycleDaily.ms / 1000).toFixed(1), int(rate(d?.checked ?? 0, r.recycleDaily.ms)),
      `${r.recycleDaily.status}; recycled ${int(d?.recycled ?? 0)}, warned ${int(d?.warned ?? 0)}`],
    ['leads.recycle, worst case (every lead due)', int(w?.checked ?? 0), (r.recycleWorst.ms / 1000).toFixed(1), int(rate(w?.checked ?? 0, r.recycleWorst.ms)),
      `${r.recycleWorst.status}; recycled ${int(w?.recycled ?? 0)}, warned ${int(w?.warned ?? 0)}`],
  ]), '');
  return out.join('\n');
}

export function renderLeadSummary(results: LeadResult[], info: { requests: number; env: string }): string {
  const rows: string[][] = [];
  for (const r of results) {
    const k = label(r.kind) + (r.scaleNote ? ` (${int(r.load.leads)} leads)` : '');
    for (const b of r.bursts) {
      const x = rate(b.leads, b.ms);
      rows.push([k, `capture burst, ${b.path} (${b.callers} callers × ${b.batch})`, `${int(x)} leads/s`, `≥ ${int(LEAD_TARGETS.captureLeadsPerSecond)} leads/s`,
        r.kind === 'postgres' ? verdict(x >= LEAD_TARGETS.captureLeadsPerSecond) : (x >= LEAD_TARGETS.captureLeadsPerSecond ? 'meets' : 'below (target is for PostgreSQL)')]);
    }
    rows.push([k, `rescore ${int(r.rescore.leads)} leads after a model change`, sec(r.rescore.ms), '< 60 s', verdict(r.rescore.ms < LEAD_TARGETS.rescoreMs)]);
    const d = r.recycleDaily.checkpoint as Checkpoint;
    const w = r.recycleWorst.checkpoint as Checkpoint;
    rows.push([k, `recycle pass, daily (${int(d?.checked ?? 0)} due of ${int(r.load.leads)})`, sec(r.recycleDaily.ms), '< 30 s', verdict(r.recycleDaily.ms < LEAD_TARGETS.recycleMs)]);
    rows.push([k, `recycle pass, worst case (${int(w?.checked ?? 0)} due)`, sec(r.recycleWorst.ms), '< 30 s', verdict(r.recycleWorst.ms < LEAD_TARGETS.recycleMs)]);
    for (const f of r.latency) {
      const x = f.api.p50 / f.raw.p50;
      rows.push([k, `API p50 / raw p50: ${f.scenario.name}`, `${ms(f.api.p50)} / ${ms(f.raw.p50)} ms = ${ratio(x)}`, `≤ ${LEAD_TARGETS.apiOverRaw}×`, verdict(x <= LEAD_TARGETS.apiOverRaw)]);
    }
  }
  return [
    '## Leads', '',
    `Leads and touches from bench/data/leads.ts (seed "baton-leads-42", as of ${'2025-06-02 02:00 UTC'}), loaded by COPY into a fresh workspace with 40 reps, `
      + `a default pool and five routing rules; ${info.requests} sequential requests per list scenario. Machine: ${info.env}. ${new Date().toISOString().slice(0, 10)}.`, '',
    table(['database', 'figure', 'measured', 'target', ''], rows), '',
    ...results.map(renderLeadResult),
  ].join('\n');
}

/** Replaces (or appends) the lead section of an existing results file, leaving everything else as it was. */
export function spliceLeadSection(existing: string, section: string): string {
  const block = `${LEADS_START}\n${section}\n${LEADS_END}`;
  const a = existing.indexOf(LEADS_START);
  const b = existing.indexOf(LEADS_END);
  if (a >= 0 && b > a) return existing.slice(0, a) + block + existing.slice(b + LEADS_END.length);
  return `${existing.trimEnd()}\n\n${block}\n`;
}

/** The lead section of an existing results file (markers included), or '' when it has none. */
export function extractLeadSection(existing: string): string {
  const a = existing.indexOf(LEADS_START);
  const b = existing.indexOf(LEADS_END);
  return a >= 0 && b > a ? existing.slice(a, b + LEADS_END.length) : '';
}
