import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { registerAccountRoutes as registerAccounts } from './accounts.routes.js';
import { registerContactRoutes } from './contacts.routes.js';

export function registerAccountRoutes(app: ApiApp, deps: AppDeps) {
  registerAccounts(app, deps);
  registerContactRoutes(app, deps);
}

export { accounts, contacts, relationships, accountMerges } from './accounts.schema.js';
export { createAccount, updateAccount, getAccount, listAccountsPage, resolveAccountFilter, presentAccount } from './accounts.service.js';
export { createContact } from './contacts.service.js';
export { findAccountDuplicates, findContactDuplicates, accountDedupeKeys } from './dedupe.service.js';
export { presentFields, scopeOwnerIds, assertFieldsWritable } from './accounts.policy.js';
export { listAccounts, ACCOUNT_SORTS, type AccountFilter, type AccountView } from './accounts.repository.js';
export { exportAccounts, exportContacts } from './accounts.export.js';
