// The role editor's permission checkboxes: every permission Baton has, each in one group, each with its label.
import { PERMISSIONS, type Permission } from '../../../shared/dictionaries';

const GROUP_OF: Record<string, (p: Permission) => boolean> = {
  accounts: (p) => p.startsWith('accounts.'),
  contacts: (p) => p.startsWith('contacts.'),
  // The lead side: leads themselves, claiming from pools and the two signatures of the SQL standard.
  leads: (p) => p.startsWith('leads.') || p.startsWith('pools.') || p.startsWith('sql_standard.'),
  audit: (p) => p.startsWith('audit.'),
  admin: (p) => p.startsWith('admin.'),
};

export const PERMISSION_GROUPS = Object.entries(GROUP_OF).map(([group, has]) => ({ group, items: PERMISSIONS.filter(has) }));

/** The i18n key of a protected field's label: leads keep theirs in their own section. */
export const protectedFieldLabelKey = (entity: string, field: string) => (entity === 'lead' ? `leads.fields.${field}` : `fields.${entity}.${field}`);

/** The i18n key of a permission's label: permissions.leads_read, permissions.sql_standard_sign_sales. */
export const permissionLabelKey = (p: string) => `permissions.${p.replace('.', '_')}`;
