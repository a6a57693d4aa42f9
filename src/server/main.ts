import { mkdirSync } from 'node:fs';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import type { AppDeps } from './deps.js';
import { drainImports } from './modules/imports/index.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './seed/demo.js';

/** Opens the configured database (PGlite in the data folder, or DATABASE_URL) and applies migrations. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  await migrateDatabase(database);
  return database;
}

/** Composition root: config → database → app → listen. */
export async function startServer(config: Config = loadConfig(), opts: { seed?: boolean } = {}) {
  const started = performance.now();
  const database = await openConfiguredDatabase(config);
  const deps: AppDeps = { db: database.db, database, clock: systemClock, config };
  const seeded = opts.seed === false ? false : await seedDemo(deps);
  const app = await buildApp(deps, { logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  console.log(`\n  Baton 接力 is running at ${url}  (database: ${where}; started in ${Math.round(performance.now() - started)} ms)`);
  console.log(`  API docs: ${url}/docs`);
  if (seeded) console.log('  Demo workspace created.');
  console.log(`  Demo logins (password ${DEMO_PASSWORD}):`);
  for (const l of DEMO_LOGINS) console.log(`    ${l.email.padEnd(30)} ${l.role}`);
  const stop = async () => { await app.close(); await drainImports(); await database.close(); };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { void stop().then(() => process.exit(0)); });
  return { app, database, url, stop };
}
