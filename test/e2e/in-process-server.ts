// The real Baton app in this process, on a fresh embedded database with the demo workspace, behind a clock the
// journey moves. Journeys about time (SLA breaches, recycling) advance the clock and run the due jobs directly,
// exactly as the worker would, instead of waiting hours.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/server/db/client.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import type { AppDeps } from '../../src/server/deps.js';
import { ensureRecurringJobs, runDueJobs } from '../../src/server/jobs/index.js';
import { seedDemo } from '../../src/server/seed/demo.js';
import { TestClock } from '../db.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface InProcessServer {
  url: string;
  deps: AppDeps;
  clock: TestClock;
  /** Moves the clock forward and works off every job that became due, as the worker would. */
  advance(ms: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startInProcessServer(): Promise<InProcessServer> {
  const database: Database = await openDatabase({});
  await migrateDatabase(database);
  const clock = new TestClock(new Date());
  const config = loadConfig({ BATON_WEB_DIR: resolve(repoRoot, 'dist/web'), LOG_LEVEL: 'error' });
  const deps: AppDeps = { db: database.db, database, clock, config };
  await seedDemo(deps);
  const app: FastifyInstance = await buildApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`, deps, clock,
    async advance(ms) {
      clock.advance(ms);
      await ensureRecurringJobs(deps.db, clock.now());
      return runDueJobs(deps);
    },
    async stop() { await app.close(); await database.close(); },
  };
}
