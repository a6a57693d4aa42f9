import type { Db, Database } from './db/client.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';

/** What services need from the outside world; built once in main.ts, or per test. */
export interface AppDeps {
  db: Db;
  database: Database;
  clock: Clock;
  config: Config;
}
