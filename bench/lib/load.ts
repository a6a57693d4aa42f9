// Builds the benchmark workspace: migrations, a workspace with an admin and sales reps, an admin API key,
// then the generated accounts and contacts loaded by COPY (the "raw COPY" figure).
import { sql } from 'drizzle-orm';
import { systemClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/client.js';
import { newId } from '../../src/server/db/ids.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import type { AppDeps } from '../../src/server/deps.js';
import { createWorkspace, hashPassword, users } from '../../src/server/modules/identity/index.js';
import { createApiKey } from '../../src/server/modules/identity/api-keys.service.js';
import { actorFor } from '../../test/factories.js';
import { contactRange, generateAccount, generateContacts, Rng } from '../data/generate.js';
import { copyCsv, type BenchTarget } from './database.js';
import { ACCOUNT_COPY_COLUMNS, CONTACT_COPY_COLUMNS, accountsCsv, assignIds, contactsCsv, type Dataset, type Owners } from './rows.js';

export const SEED = 42;
const REPS = 20;
const REP_SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const REP_GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '洋', '艳', '杰', '勇', '军', '涛', '超', '明', '霞', '平', '刚', '丽', '鹏'];

/** The dataset of the run: accounts 0…n-1 of seed 42 with their contacts. */
export function buildDataset(accounts: number, perAccount: number): Dataset {
  const rng = new Rng(SEED);
  const list = [];
  const contacts = [];
  const contactAccount: number[] = [];
  for (let i = 0; i < accounts; i++) {
    const a = generateAccount(rng, i);
    const { first, count } = contactRange(rng, i, accounts, perAccount);
    list.push(a);
    for (const c of generateContacts(rng, a, first, count)) { contacts.push(c); contactAccount.push(i); }
  }
  return assignIds(list, contacts, contactAccount);
}

export interface Workspace { deps: AppDeps; owners: Owners; apiKey: string }

export async function createBenchWorkspace(database: Database, t: BenchTarget): Promise<Workspace> {
  await migrateDatabase(database);
  const config = { ...loadConfig(), databaseUrl: t.databaseUrl, dataDir: t.dataDir ?? '' };
  const deps: AppDeps = { db: database.db, database, clock: systemClock, config };
  const ws = await createWorkspace(database.db, { slug: 'bench', name: '接力基准测试', admin: { email: 'admin@bench.test', name: '管理员', password: 'bench-password-1' } });
  const passwordHash = await hashPassword('bench-password-1');
  const repIds = Array.from({ length: REPS }, () => newId());
  await database.db.insert(users).values(repIds.map((id, k) => ({
    tenantId: ws.tenantId, id, email: `rep${k + 1}@bench.test`, name: REP_SURNAMES[k] + REP_GIVEN[k], passwordHash,
    roleId: ws.roleIds.sales_rep, departmentId: ws.rootDepartmentId,
  })));
  const admin = await actorFor(database.db, ws.tenantId, ws.adminId);
  const { key } = await createApiKey(deps, admin, 'bench');
  return { deps, owners: { tenantId: ws.tenantId, adminId: ws.adminId, repIds }, apiKey: key };
}

export interface LoadFigures { accounts: number; contacts: number; accountsMs: number; contactsMs: number; analyzeMs: number }

/** COPYs the dataset in (CSV built before the clock starts), then ANALYZE as any bulk load would. */
export async function loadDataset(database: Database, t: BenchTarget, owners: Owners, d: Dataset): Promise<LoadFigures> {
  const accountsMs = await copyCsv(database, t, 'accounts', ACCOUNT_COPY_COLUMNS, accountsCsv(owners, d));
  const contactsMs = await copyCsv(database, t, 'contacts', CONTACT_COPY_COLUMNS, contactsCsv(owners, d));
  const started = performance.now();
  await database.db.execute(sql`analyze`);
  return { accounts: d.accounts.length, contacts: d.contacts.length, accountsMs, contactsMs, analyzeMs: performance.now() - started };
}
