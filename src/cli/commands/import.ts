import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { loadConfig } from '../../server/config.js';
import { systemClock } from '../../server/clock.js';
import type { Db } from '../../server/db/client.js';
import type { AppDeps } from '../../server/deps.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { roles, tenants, users, type Actor } from '../../server/modules/identity/index.js';
import { runImport, type ImportRunView } from '../../server/modules/imports/index.js';
import type { DataScope } from '../../shared/dictionaries.js';

export interface CliOptions { workspace?: string; as?: string }

/** Thrown for a problem the user fixes by changing the command; printed without a stack. */
export class CliError extends Error {}

/** The workspace (the only one unless --workspace) and the user to act as (--as, else its first admin). */
export async function resolveCliActor(db: Db, opts: CliOptions): Promise<Actor> {
  const found = await db.select({ tenantId: tenants.tenantId, slug: tenants.slug }).from(tenants)
    .where(opts.workspace ? eq(tenants.slug, opts.workspace) : undefined).limit(2);
  if (!found.length) throw new CliError(opts.workspace ? `工作区 ${opts.workspace} 不存在 / no workspace "${opts.workspace}"` : '还没有工作区，请先运行 baton start 或 baton seed / no workspace yet; run baton start or baton seed');
  if (found.length > 1) throw new CliError('有多个工作区，请用 --workspace 指定 / several workspaces; pass --workspace <slug>');
  const { tenantId } = found[0];
  const [row] = await db.select({
    userId: users.id, name: users.name, departmentId: users.departmentId, dataScope: roles.dataScope,
    permissions: roles.permissions, fieldPermissions: roles.fieldPermissions,
  }).from(users).innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'),
      opts.as ? eq(sql`lower(${users.email})`, opts.as.toLowerCase()) : eq(roles.key, 'admin')))
    .orderBy(asc(users.createdAt)).limit(1);
  if (!row) throw new CliError(opts.as ? `用户 ${opts.as} 不存在或已停用 / no active user ${opts.as}` : '工作区没有可用的管理员 / the workspace has no active admin');
  return {
    tenantId, userId: row.userId, name: row.name, kind: 'user', departmentId: row.departmentId,
    dataScope: row.dataScope as DataScope, permissions: new Set(row.permissions), fieldPermissions: row.fieldPermissions,
  };
}

/** Opens the configured database, runs `work` with app dependencies and closes it; returns the exit code. */
export async function withCliDeps(work: (deps: AppDeps) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await work({ db: database.db, database, clock: systemClock, config });
  } catch (err) {
    if (err instanceof CliError) { console.error(err.message); return 1; }
    const e = err as { code?: string; details?: unknown; message?: string };
    if (e.code) { console.error(`${e.code}: ${e.message ?? ''}${e.details ? ` ${JSON.stringify(e.details)}` : ''}`); return 1; }
    throw err;
  } finally {
    await database.close();
  }
}

const n = (v: number) => v.toLocaleString('en-US');

function progressLine(run: ImportRunView): string {
  const pct = run.total ? Math.floor((run.processed / run.total) * 100) : 100;
  const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '-');
  return `[${bar}] ${String(pct).padStart(3)}% ${n(run.processed)}/${n(run.total)}  新建 created ${n(run.created)}  更新 updated ${n(run.updated)}  跳过 skipped ${n(run.skipped)}  失败 failed ${n(run.failed)}`;
}

const ENTITY = { accounts: 'account', contacts: 'contact', leads: 'lead' } as const;
export type CliImportEntity = keyof typeof ENTITY;

/** Which part of the file to read: a sheet (XLSX) and the row holding the column names; found by themselves when not given. */
export interface CliReadOptions { sheet?: string; headerRow?: number }

/** `baton import accounts|contacts|leads FILE`: imports to the end, printing progress per batch; 1 when any row failed. */
export async function importCommand(entity: CliImportEntity, file: string, opts: CliOptions & CliReadOptions = {}): Promise<number> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch {
    console.error(`无法读取文件 / cannot read ${file}`);
    return 1;
  }
  return withCliDeps(async (deps) => {
    const actor = await resolveCliActor(deps.db, opts);
    const started = performance.now();
    const run = await runImport(deps, actor, { entity: ENTITY[entity], fileName: path.basename(file), buffer, sheet: opts.sheet, headerRow: opts.headerRow }, {
      onProgress: (r) => console.log(progressLine(r)),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`\n${run.status === 'completed' ? '导入完成 / import finished' : '导入中止 / import stopped'} in ${seconds}s: ` +
      `新建 created ${n(run.created)}, 更新 updated ${n(run.updated)}, 跳过 skipped ${n(run.skipped)}, 失败 failed ${n(run.failed)}  (run ${run.id})`);
    for (const e of run.errors.slice(0, 20)) console.log(`  第 ${e.row} 行 row ${e.row}  ${e.message}`);
    if (run.errors.length > 20 || run.failed > 20) console.log(`  … 完整错误报告 / full report: GET /api/v1/imports/${run.id}/errors.csv`);
    return run.failed > 0 || run.status !== 'completed' ? 1 : 0;
  });
}
