// What the audit log calls a record: modules that own an entity say how to name a page of them ("李娜（沈阳铁西重工）"),
// so the log reads "returned 卢鹏" rather than "returned a lead". The audit module knows no other module's tables.
import type { Queryable } from '../../db/client.js';

export type AuditNamer = (db: Queryable, tenantId: string, ids: string[]) => Promise<Map<string, string>>;

const namers = new Map<string, AuditNamer>();

/** Called by the module that owns `entity` when its routes are registered. */
export function registerAuditNamer(entity: string, namer: AuditNamer): void {
  namers.set(entity, namer);
}

/** The names of the records these entries are about, by entity id; one query per entity kind on the page. */
export async function nameAuditEntities(db: Queryable, tenantId: string, rows: { entity: string; entityId: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const byEntity = new Map<string, Set<string>>();
  for (const r of rows) if (namers.has(r.entity)) (byEntity.get(r.entity) ?? byEntity.set(r.entity, new Set()).get(r.entity)!).add(r.entityId);
  for (const [entity, ids] of byEntity) {
    for (const [id, name] of await namers.get(entity)!(db, tenantId, [...ids])) names.set(id, name);
  }
  return names;
}
