// Summaries of timed samples, and number formats for the report.

export interface Summary { n: number; p50: number; p99: number; mean: number; perSecond: number }

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Sequential samples in ms: perSecond is what one client issuing them back to back achieves. */
export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((s, x) => s + x, 0);
  return { n: samples.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: total / samples.length, perSecond: samples.length / (total / 1000) };
}

/**
 * Runs fn warmup times untimed, then n times timed one after another. A slow query stops early once the
 * budget is spent (after at least minSamples), so one full scan cannot stretch the whole run; n says how many ran.
 */
export async function timeSequential(n: number, warmup: number, fn: () => Promise<unknown>, budgetMs = Infinity, minSamples = 30): Promise<number[]> {
  const begun = performance.now();
  for (let i = 0; i < warmup && (i < 2 || performance.now() - begun < budgetMs / 10); i++) await fn();
  const out: number[] = [];
  const timed = performance.now();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
    if (out.length >= minSamples && performance.now() - timed > budgetMs) break;
  }
  return out;
}

/**
 * timeSequential for several functions sampled alternately: each round runs every one once, in order, so they are
 * timed under the same conditions (a burst of background work on the machine lands on all of them, not on one
 * side of a comparison). Returns each function's samples.
 */
export async function timeInterleaved(n: number, warmup: number, fns: (() => Promise<unknown>)[], budgetMs = Infinity, minSamples = 30): Promise<number[][]> {
  const begun = performance.now();
  for (let i = 0; i < warmup && (i < 2 || performance.now() - begun < budgetMs / 10); i++) for (const fn of fns) await fn();
  const out: number[][] = fns.map(() => []);
  const timed = performance.now();
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of fns.entries()) {
      const started = performance.now();
      await fn();
      out[k].push(performance.now() - started);
    }
    if (i + 1 >= minSamples && performance.now() - timed > budgetMs * fns.length) break;
  }
  return out;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
export const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const int = (x: number) => Math.round(x).toLocaleString('en-US');
export const ratio = (x: number) => `${x.toFixed(2)}×`;
export const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
export const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** A markdown table; the same text reads well in a terminal. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => [...r[c]].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].reduce((x, ch) => x + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  const line = (r: string[]) => `| ${r.map((s, c) => pad(s, widths[c])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
