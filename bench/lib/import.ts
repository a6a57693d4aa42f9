// Import speed: new accounts imported through the app's import service (what `baton import` and the web
// upload run: parse, map, check, dedupe lookup, write with audit rows) beside a raw COPY of the same rows.
import type { Database } from '../../src/server/db/client.js';
import { runImport } from '../../src/server/modules/imports/index.js';
import { actorFor } from '../../test/factories.js';
import { ACCOUNT_CSV_COLUMNS, accountCsvRow, generateAccount, Rng, toCsv, type GeneratedAccount } from '../data/generate.js';
import { copyCsv, type BenchTarget } from './database.js';
import { SEED, type Workspace } from './load.js';
import { ACCOUNT_COPY_COLUMNS, accountsCsv, assignIds } from './rows.js';

/** Far past the loaded accounts: the same seed's later indexes are new companies, unique by construction. */
const FIRST_NEW_INDEX = 1_000_000;

export interface ImportFigures {
  rows: number;
  fileBytes: number;
  copyMs: number;
  importMs: number;
  created: number;
  failed: number;
}

export async function measureImport(database: Database, t: BenchTarget, ws: Workspace, rows: number): Promise<ImportFigures> {
  const rng = new Rng(SEED);
  const accounts: GeneratedAccount[] = Array.from({ length: rows }, (_, k) => generateAccount(rng, FIRST_NEW_INDEX + k));

  // Raw: the same rows, normalised as the app stores them, COPYed into the loaded table and rolled back.
  const copyMs = await copyCsv(database, t, 'accounts', ACCOUNT_COPY_COLUMNS, accountsCsv(ws.owners, assignIds(accounts, [], []), FIRST_NEW_INDEX), { rollback: true });

  // The app: a UTF-8 CSV with Chinese headers and dictionary labels, as a person exports it from a spreadsheet.
  const columns = Object.keys(ACCOUNT_CSV_COLUMNS) as (keyof typeof ACCOUNT_CSV_COLUMNS)[];
  const buffer = Buffer.from(toCsv(accounts.map((a) => accountCsvRow(a)), columns, Object.values(ACCOUNT_CSV_COLUMNS)));
  const admin = await actorFor(database.db, ws.owners.tenantId, ws.owners.adminId);
  const started = performance.now();
  const run = await runImport(ws.deps, admin, { entity: 'account', fileName: 'bench-accounts.csv', buffer });
  const importMs = performance.now() - started;
  return { rows, fileBytes: buffer.length, copyMs, importMs, created: run.created, failed: run.failed };
}
