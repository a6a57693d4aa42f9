// Server start on existing data: the real start command in a child process, timed from spawn until
// /api/v1/health answers 200; its memory read from /proc. The last start also serves a few lists over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { buildApp } from '../../src/server/app.js';
import { systemClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import { openTarget, type BenchTarget } from './database.js';
import { summarize, timeSequential, type Summary } from './stats.js';

export interface StartFigures {
  /** Spawn → health 200, wall clock. */
  wallMs: number;
  /** What the server printed: open + migrate (the app's modules load meanwhile) + build + listen, without Node start-up. */
  reportedMs: number | null;
  rssKb: number | null;
}

export interface HttpFigures { name: string; summary: Summary }

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, 'close');
  return port;
}

export async function rssKb(pid: number): Promise<number | null> {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface Running { child: ChildProcess; url: string; figures: StartFigures }

async function startChild(t: BenchTarget, timeoutMs: number): Promise<Running> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', BATON_DATA_DIR: t.dataDir ?? '', DATABASE_URL: t.databaseUrl ?? '' };
  const started = performance.now();
  // The same command `npm start` runs: the bundled server (scripts/build.mjs makes it before the run).
  const child = spawn(process.execPath, ['dist/server/cli.mjs', 'start', '--no-seed'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode} during start:\n${out}`);
    if (performance.now() - started > timeoutMs) { child.kill('SIGKILL'); throw new Error(`server not up after ${timeoutMs} ms:\n${out}`); }
    const ok = await fetch(`${url}/api/v1/health`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const wallMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 50)); // lets the "started in" line arrive
  const m = /started in (\d+) ms/.exec(out);
  return { child, url, figures: { wallMs, reportedMs: m ? Number(m[1]) : null, rssKb: await rssKb(child.pid!) } };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  // SIGTERM lets the server close PGlite cleanly; the next start must not find a half-written data folder.
  child.kill('SIGTERM');
  await once(child, 'exit');
}

export interface StartPhases { openMs: number; migrateMs: number; buildMs: number }

/** Where the server's own start time goes, measured in this process on the same closed data. */
export async function measureStartPhases(t: BenchTarget): Promise<StartPhases> {
  let at = performance.now();
  const lap = () => { const now = performance.now(); const d = now - at; at = now; return d; };
  const database = await openTarget(t);
  const openMs = lap();
  try {
    await migrateDatabase(database);
    const migrateMs = lap();
    const app = await buildApp({ db: database.db, database, clock: systemClock, config: { ...loadConfig(), databaseUrl: t.databaseUrl } }, { serveWeb: false });
    await app.ready();
    const buildMs = lap();
    await app.close();
    return { openMs, migrateMs, buildMs };
  } finally {
    await database.close();
  }
}

export interface StartRun { starts: StartFigures[]; http: HttpFigures[]; rssAfterKb: number | null; phases?: StartPhases }

/**
 * Starts the server `times` times. The last one also serves each given URL n times over HTTP (socket,
 * HTTP parsing and JSON on the wire, which inject leaves out), then its memory is read again.
 */
export async function measureStart(
  t: BenchTarget, times: number, apiKey: string, urls: { name: string; url: string }[], o: { n: number; warmup: number; budgetMs: number },
): Promise<StartRun> {
  const starts: StartFigures[] = [];
  const http: HttpFigures[] = [];
  let rssAfterKb: number | null = null;
  for (let i = 0; i < times; i++) {
    const running = await startChild(t, 60_000);
    try {
      starts.push(running.figures);
      if (i === times - 1) {
        for (const u of urls) {
          const samples = await timeSequential(o.n, o.warmup, async () => {
            const res = await fetch(running.url + u.url, { headers: { authorization: `Bearer ${apiKey}` } });
            if (res.status !== 200) throw new Error(`GET ${u.url} → ${res.status}`);
            await res.arrayBuffer();
          }, o.budgetMs);
          http.push({ name: u.name, summary: summarize(samples) });
        }
        rssAfterKb = await rssKb(running.child.pid!);
      }
    } finally {
      await stopChild(running.child);
    }
  }
  return { starts, http, rssAfterKb };
}
