import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { requirePermission } from '../../server/modules/identity/index.js';
import { exportAccounts, exportContacts } from '../../server/modules/accounts/index.js';
import { exportLeads } from '../../server/modules/leads/index.js';
import { CliError, resolveCliActor, withCliDeps, type CliOptions } from './import.js';

/**
 * `baton export accounts|contacts|leads FILE`: every record the acting user may see (their data scope and field
 * permissions, as in the web export), CSV or XLSX by the file's extension, with the headers the importer reads back.
 */
export async function exportCommand(entity: 'accounts' | 'contacts' | 'leads', file: string, opts: CliOptions = {}): Promise<number> {
  const format = /\.xlsx$/i.test(file) ? 'xlsx' : /\.csv$/i.test(file) ? 'csv' : undefined;
  if (!format) { console.error('文件名应以 .csv 或 .xlsx 结尾 / the file name must end in .csv or .xlsx'); return 1; }
  return withCliDeps(async (deps) => {
    const actor = await resolveCliActor(deps.db, opts);
    try { requirePermission(actor, entity === 'leads' ? 'leads.export' : 'accounts.export'); } catch { throw new CliError('该用户没有导出权限 / this user may not export'); }
    const out = entity === 'accounts'
      ? await exportAccounts(deps, actor, { sort: 'createdAt', direction: 'asc', custom: {} }, format)
      : entity === 'contacts'
        ? await exportContacts(deps, actor, {}, format)
        : await exportLeads(deps, actor, { view: 'all', sort: 'createdAt', direction: 'asc' }, format);
    await pipeline(out.body, createWriteStream(file));
    console.log(`已导出到 ${file} / exported ${entity} to ${file}`);
    return 0;
  });
}
