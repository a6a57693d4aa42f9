import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import { requirePermission, users } from '../../server/modules/identity/index.js';
import { listCustomFieldDefs } from '../../server/modules/custom-fields/index.js';
import { exportColumnsFor, exportRows, iterateAccounts, iterateContacts } from '../../server/modules/imports/index.js';
import { CliError, resolveCliActor, withCliDeps, type CliOptions } from './import.js';

/**
 * `baton export accounts|contacts FILE`: every live record of the workspace, CSV or XLSX by the file's extension,
 * with the headers and labels the importer reads back.
 */
export async function exportCommand(entity: 'accounts' | 'contacts', file: string, opts: CliOptions = {}): Promise<number> {
  const format = /\.xlsx$/i.test(file) ? 'xlsx' : /\.csv$/i.test(file) ? 'csv' : undefined;
  if (!format) { console.error('文件名应以 .csv 或 .xlsx 结尾 / the file name must end in .csv or .xlsx'); return 1; }
  return withCliDeps(async (deps) => {
    const actor = await resolveCliActor(deps.db, opts);
    try { requirePermission(actor, 'accounts.export'); } catch { throw new CliError('该用户没有导出权限 / this user may not export'); }
    const kind = entity === 'accounts' ? 'account' : 'contact';
    const defs = await listCustomFieldDefs(deps.db, actor.tenantId, kind);
    const people = await deps.db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.tenantId, actor.tenantId)));
    const columns = exportColumnsFor(kind, defs, new Map(people.map((u) => [u.id, u.name])));
    let count = 0;
    const source = kind === 'account' ? iterateAccounts(deps.db, actor.tenantId) : iterateContacts(deps.db, actor.tenantId);
    async function* counted() { for await (const r of source) { count++; yield r; } }
    await pipeline(exportRows(format, columns, counted()).body, createWriteStream(file));
    console.log(`已导出 ${count} 条到 ${file} / exported ${count} ${entity} to ${file}`);
    return 0;
  });
}
