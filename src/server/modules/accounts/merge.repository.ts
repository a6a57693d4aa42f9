import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { accounts } from './accounts.schema.js';

/** Accounts merged into this one, whose history its timeline shows. */
export async function listMergedIds(db: Queryable, tenantId: string, winnerId: string): Promise<string[]> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.tenantId, tenantId), eq(accounts.mergedIntoId, winnerId)));
  return rows.map((r) => r.id);
}
