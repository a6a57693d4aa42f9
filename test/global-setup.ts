import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { TEMPLATE_ENV } from './db.js';

/** Migrates once per run: the PostgreSQL test database, or a PGlite template every test file copies. */
export default async function setup() {
  if (process.env.TEST_DATABASE_URL) {
    const database = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 1 });
    await migrateDatabase(database);
    await database.close();
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-test-'));
  const database = await openDatabase({});
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await writeFile(path.join(dir, 'template.tar'), Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env[TEMPLATE_ENV] = path.join(dir, 'template.tar');
  return async () => { await rm(dir, { recursive: true, force: true }); };
}
