import type { AppDeps } from '../../deps.js';
import { loadWorkspaceTimeZone, requirePermission, type Actor } from '../identity/index.js';
import { listCustomFieldDefs } from '../custom-fields/index.js';
import { listUserOptions } from '../identity/users.service.js';
import { allPages, exportColumnsFor, exportRows } from '../imports/index.js';
import { listAccountsPage, type AccountListQuery } from './accounts.service.js';
import { listContactsPage, type ContactListQuery } from './contacts.service.js';

async function columnsFor(deps: AppDeps, actor: Actor, entity: 'account' | 'contact') {
  const [defs, people] = await Promise.all([listCustomFieldDefs(deps.db, actor.tenantId, entity), listUserOptions(deps.db, actor.tenantId)]);
  // The importer's own headers and labels, so an exported file can be edited and imported back.
  return exportColumnsFor(entity, defs, new Map(people.map((u) => [u.id, u.name])));
}

/** Every account matching the list filters that the actor may see, as CSV or XLSX. */
export async function exportAccounts(deps: AppDeps, actor: Actor, q: Omit<AccountListQuery, 'limit' | 'cursor'>, format: 'csv' | 'xlsx') {
  requirePermission(actor, 'accounts.export');
  const columns = await columnsFor(deps, actor, 'account');
  const rows = allPages((cursor) => listAccountsPage(deps, actor, { ...q, limit: 200, cursor, withTotal: false }));
  return exportRows(format, columns, rows as AsyncIterable<Record<string, unknown>>, await loadWorkspaceTimeZone(deps.db, actor.tenantId));
}

/** Every contact the actor may see (optionally filtered), as CSV or XLSX. */
export async function exportContacts(deps: AppDeps, actor: Actor, q: Omit<ContactListQuery, 'limit' | 'cursor'>, format: 'csv' | 'xlsx') {
  requirePermission(actor, 'accounts.export');
  const columns = await columnsFor(deps, actor, 'contact');
  const rows = allPages((cursor) => listContactsPage(deps, actor, { ...q, limit: 200, cursor }));
  return exportRows(format, columns, rows as AsyncIterable<Record<string, unknown>>, await loadWorkspaceTimeZone(deps.db, actor.tenantId));
}
