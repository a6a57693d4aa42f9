// The two databases under test, opened the way the app opens them, plus what only a benchmark needs:
// raw queries on the driver, COPY, and a throwaway PostgreSQL database per run.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Logger } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../src/server/db/client.js';
import * as schema from '../../src/server/db/schema.js';

export type Kind = 'pglite' | 'postgres';

export interface BenchTarget {
  kind: Kind;
  /** PGlite folder (kept until the end of the run) or the PostgreSQL URL of the throwaway database. */
  dataDir?: string;
  databaseUrl?: string;
  /** Removes the folder or drops the database. */
  dispose(): Promise<void>;
}

export async function createTarget(kind: Kind, adminUrl: string): Promise<BenchTarget> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'baton-bench-'));
    return { kind, dataDir, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `baton_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind, databaseUrl: url.toString(),
    dispose: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function openTarget(t: BenchTarget): Promise<Database> {
  return openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dataDir });
}

/** Runs SQL text with parameters straight on the driver: the "raw" side of every comparison. */
export async function rawQuery(database: Database, text: string, params: unknown[]): Promise<number> {
  if (database.pglite) return (await database.pglite.query(text, params)).rows.length;
  return (await database.pool!.query(text, params)).rows.length;
}

export interface CapturedQuery { sql: string; params: unknown[] }

/**
 * A second Drizzle handle over the same client that records every statement it sends: the app built on it
 * runs a request once and hands back the exact SQL and parameters its repositories produced.
 */
export function recordingDb(database: Database): { db: Db; take(): CapturedQuery[] } {
  let log: CapturedQuery[] = [];
  const logger: Logger = { logQuery: (sql, params) => { log.push({ sql, params }); } };
  const db = (database.pglite
    ? drizzlePglite(database.pglite, { schema, logger })
    : drizzlePg(database.pool!, { schema, logger })) as unknown as Db;
  return { db, take: () => { const out = log; log = []; return out; } };
}

/**
 * COPY of CSV text into a table, timed alone (the CSV is built before the clock starts). With rollback the
 * rows are discarded afterwards, so the same rows can still be imported through the app.
 */
export async function copyCsv(
  database: Database, t: BenchTarget, table: string, columns: readonly string[], csv: string, opts: { rollback?: boolean } = {},
): Promise<number> {
  const target = `${table}(${columns.join(',')})`;
  if (database.pglite) {
    const blob = new Blob([csv]);
    const started = performance.now();
    if (opts.rollback) await database.pglite.exec('begin');
    await database.pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob });
    if (opts.rollback) await database.pglite.exec('rollback');
    return performance.now() - started;
  }
  // node-postgres has no COPY FROM STDIN without pg-copy-streams, so PostgreSQL's COPY goes through psql.
  const file = path.join(tmpdir(), `baton-bench-${process.pid}-${table}.csv`);
  await writeFile(file, csv);
  try {
    const copy = `\\copy ${target} from '${file}' with (format csv)`;
    const commands = opts.rollback ? ['begin', copy, 'rollback'] : [copy];
    const started = performance.now();
    await runPsql(t.databaseUrl!, commands);
    return performance.now() - started;
  } finally {
    await rm(file, { force: true });
  }
}

/** Runs commands in one psql session; the elapsed time includes starting psql (about 10–20 ms). */
export function runPsql(url: string, commands: string[]): Promise<void> {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, ...commands.flatMap((c) => ['-c', c])];
  return new Promise((resolve, reject) => {
    const child = spawn('psql', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${err.trim()}`))));
  });
}
