import { mkdirSync } from 'node:fs';
import { systemClock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import type { AppDeps } from './deps.js';

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
  // PGlite spends about 0.4 s of its open waiting on WebAssembly compiled off the main thread; the HTTP app's
  // modules load in that time instead of before it (start on existing data is a target: under 3 s).
  const opening = openConfiguredDatabase(config);
  opening.catch(() => { /* awaited below; this only keeps a failed open from counting as unhandled meanwhile */ });
  const [{ buildApp }, { drainImports }, { DEMO_LOGINS, DEMO_PASSWORD, seedDemo }, { startWorker }] = await Promise.all([
    import('./app.js'), import('./modules/imports/index.js'), import('./seed/demo.js'), import('./jobs/index.js'),
  ]);
  const database = await opening;
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
  const worker = config.runJobs ? startWorker(deps, { onError: (err: unknown) => app.log.error({ err }, 'job worker') }) : null;
  const stop = async () => { await app.close(); await worker?.stop(); await drainImports(); await database.close(); };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { void stop().then(() => process.exit(0)); });
  return { app, database, url, stop };
}
