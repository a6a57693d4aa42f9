import { readFile } from 'node:fs/promises';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { loadConfig } from '../src/server/config.js';
import type { AppDeps } from '../src/server/deps.js';
import type { Clock } from '../src/server/clock.js';

/** Where global-setup left a migrated PGlite dump, so each test file starts from it in about a second. */
export const TEMPLATE_ENV = 'BATON_TEST_PGLITE_TEMPLATE';

/**
 * A fresh migrated database for one test file: PGlite by default, or the PostgreSQL database named by
 * TEST_DATABASE_URL (shared by all files of the run; every test owns its data through its own workspace).
 */
export async function newTestDb(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return openDatabase({ databaseUrl: url, poolSize: 4 });
  const template = process.env[TEMPLATE_ENV];
  if (template) {
    const buf = await readFile(template);
    return openDatabase({ loadDataDir: new Blob([buf]) });
  }
  const database = await openDatabase({});
  await migrateDatabase(database);
  return database;
}

/** A clock a test can move: timed rules are tested by advancing it, never by sleeping. */
export class TestClock implements Clock {
  constructor(private t = new Date('2026-11-23T02:00:00Z')) {}
  now() { return new Date(this.t); }
  advance(ms: number) { this.t = new Date(this.t.getTime() + ms); }
  set(d: Date) { this.t = new Date(d); }
}

/** The tests' webhook receivers listen on 127.0.0.1, so local receivers are allowed (production refuses them by default). */
export async function newTestDeps(clock: Clock = { now: () => new Date() }): Promise<AppDeps & { close(): Promise<void> }> {
  const database = await newTestDb();
  return { db: database.db, database, clock, config: loadConfig({ BATON_WEB_DIR: '/nonexistent', BATON_WEBHOOK_ALLOW_LOCAL: 'true' }), close: () => database.close() };
}
