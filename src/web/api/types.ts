// Shapes of what the API answers (see the contract in the lead's brief). Inputs reuse src/shared/contracts.ts.
import type { FieldAccess, DataScope, CustomFieldType } from '../../shared/dictionaries';

export interface Page<T> { items: T[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean }
export interface Items<T> { items: T[] }

export interface Me {
  user: { id: string; name: string; email: string; locale: string; departmentId: string | null };
  tenant: { id: string; name: string; slug: string; settings: { timeZone: string; currency: string; locale: string } };
  permissions: string[];
  dataScope: DataScope;
  fieldPermissions: Record<string, FieldAccess>;
  csrfToken: string;
}

export interface LoginResult { user: { id: string; name: string; email: string; locale: string }; csrfToken: string }

/** worksLeads: the user's role owns leads (sales), so routing may send them leads. */
export interface UserOption { id: string; name: string; departmentId: string | null; status: string; worksLeads: boolean }

export interface Account {
  id: string;
  name: string;
  creditCode?: string | null;
  industry?: string | null;
  employeeSize?: string | null;
  annualRevenue?: string | null;
  province?: string | null;
  city?: string | null;
  website?: string | null;
  domain?: string | null;
  level?: string | null;
  segment?: string | null;
  lifecycleStage?: string | null;
  source?: string | null;
  ownerId?: string | null;
  ownerName?: string | null;
  csOwnerId?: string | null;
  csOwnerName?: string | null;
  tags?: string[];
  parentId?: string | null;
  parentName?: string | null;
  notes?: string | null;
  needs?: string | null;
  custom?: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AccountDetail extends Account { contactsCount: number; children: { id: string; name: string }[] }

export type DuplicateReason = 'credit_code' | 'name' | 'domain' | 'similar_name';
export interface AccountMatch {
  id: string;
  name: string;
  creditCode: string | null;
  domain: string | null;
  ownerId: string | null;
  ownerName: string | null;
  updatedAt: string;
  reasons: DuplicateReason[];
  similarity: number;
  canOpen: boolean;
  isHard: boolean;
}

export interface Contact {
  id: string;
  accountId: string;
  accountName?: string;
  name: string;
  title?: string | null;
  department?: string | null;
  mobile?: string | null;
  email?: string | null;
  wechat?: string | null;
  buyingRoles: string[];
  stance?: string | null;
  isPrimary: boolean;
  ownerId?: string | null;
  notes?: string | null;
  custom?: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ContactMatch {
  id: string;
  name: string;
  accountId: string;
  accountName: string | null;
  mobile: string | null;
  email: string | null;
  reasons: ('mobile' | 'email')[];
  canOpen: boolean;
}

export interface Relationships {
  contacts: { id: string; name: string; title: string | null; buyingRoles: string[]; stance: string | null }[];
  users: { id: string; name: string }[];
  links: { id: string; userId: string; contactId: string; strength: number; notes: string | null }[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorKind: string;
  entity: string;
  entityId: string;
  /** What the record is called (a lead's name and company, a pool's name), where its module names it. */
  entityName?: string | null;
  accountId: string | null;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

export interface CustomField {
  id: string;
  entity: 'account' | 'contact';
  key: string;
  label: string;
  labelEn: string | null;
  type: CustomFieldType;
  options: string[];
  isRequired: boolean;
  position: number;
  archivedAt: string | null;
  version: number;
}

export interface ViewConfig { filters: Record<string, unknown>; sort?: string; columns?: string[] }
export interface SavedView { id: string; name: string; config: ViewConfig; isShared: boolean; userId: string }

export interface User {
  id: string;
  email: string;
  name: string;
  mobile: string | null;
  roleId: string;
  roleName: string;
  departmentId: string | null;
  departmentName: string | null;
  managerId: string | null;
  managerName: string | null;
  locale: string;
  status: 'active' | 'disabled';
  version: number;
  createdAt: string;
}

export interface Department { id: string; name: string; parentId: string | null; path: string; version: number }

export interface Role {
  id: string;
  key: string;
  name: string;
  nameEn: string;
  dataScope: DataScope;
  permissions: string[];
  fieldPermissions: Record<string, FieldAccess>;
  isSystem: boolean;
  version: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  userName: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ImportPreview {
  encoding: string;
  headers: string[];
  mapping: Record<string, string>;
  fields: { key: string; label: string; labelEn: string | null; required: boolean }[];
  sampleRows: string[][];
  totalRows: number;
  /** The sheet read (XLSX; null for CSV), the workbook's sheets, the header row read (from 1) and the rows it has. */
  sheet: string | null;
  sheets: string[];
  headerRow: number;
  rowCount: number;
}

export interface ImportRun {
  id: string;
  entity: 'account' | 'contact' | 'lead';
  fileName: string;
  /** The contract says 'done'; the server currently answers 'completed'. Both mean finished. */
  status: 'pending' | 'running' | 'done' | 'completed' | 'failed' | 'interrupted';
  total: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: { row: number; field: string | null; code: string; message: string }[];
  /** The run kept its first 1,000 errors and counted the rest. */
  errorsCapped: boolean;
  /** Rows imported with something to say: merged into which lead, a value left blank. */
  notes: { row: number; field: string | null; code: string; message: string }[];
  notesCapped: boolean;
  createdAt: string;
  finishedAt: string | null;
}
