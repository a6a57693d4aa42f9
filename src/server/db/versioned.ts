import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from './client.js';
import { AppError } from '../http/errors.js';

/** A tenant table with the columns optimistic concurrency needs. */
type VersionedTable = PgTable & { tenantId: PgColumn; id: PgColumn; version: PgColumn };

/** Loads a row by tenant and id, or throws NOT_FOUND. */
export async function loadOne<T extends VersionedTable>(db: Queryable, table: T, tenantId: string, id: string): Promise<T['$inferSelect']> {
  const rows = await db.select().from(table as PgTable).where(and(eq(table.tenantId, tenantId), eq(table.id, id))).for('update');
  if (!rows[0]) throw new AppError('NOT_FOUND');
  return rows[0] as T['$inferSelect'];
}

/**
 * Updates a row only if it is still at the version the client saw, bumping the version: a stale write
 * gets VERSION_CONFLICT instead of silently overwriting someone else's change.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Queryable, table: T, tenantId: string, id: string, expectedVersion: number, values: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect']> {
  const rows = await db.update(table as VersionedTable)
    .set({ ...values, version: expectedVersion + 1 } as never)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id), eq(table.version, expectedVersion)))
    .returning();
  if (!rows[0]) throw new AppError('VERSION_CONFLICT');
  return rows[0] as T['$inferSelect'];
}
