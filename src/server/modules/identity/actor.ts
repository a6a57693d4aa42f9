import type { DataScope, FieldAccess, Permission } from '../../../shared/dictionaries.js';
import { AppError } from '../../http/errors.js';

/** Who is acting: resolved once per request from a session or an API key, passed to every service. */
export interface Actor {
  tenantId: string;
  userId: string;
  name: string;
  kind: 'user' | 'api_key' | 'system';
  departmentId: string | null;
  dataScope: DataScope;
  permissions: ReadonlySet<string>;
  /** 'entity.field' → access; a field not listed is editable. */
  fieldPermissions: Readonly<Record<string, string>>;
  requestId?: string;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission) || actor.permissions.has('*');
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', { permission });
}

export function fieldAccess(actor: Actor, entity: string, field: string): FieldAccess {
  return (actor.fieldPermissions[`${entity}.${field}`] as FieldAccess | undefined) ?? 'edit';
}

/** A system actor for migrations, seeding and background jobs in one tenant. */
export function systemActor(tenantId: string, name = 'system'): Actor {
  return {
    tenantId, userId: '00000000-0000-0000-0000-000000000000', name, kind: 'system', departmentId: null,
    dataScope: 'all', permissions: new Set(['*']), fieldPermissions: {},
  };
}
