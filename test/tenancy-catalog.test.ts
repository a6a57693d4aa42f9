// Proves from the database catalog that the schema can be distributed by tenant (Citus) unchanged: every
// table leads its primary key, unique keys and foreign keys with tenant_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/server/db/client.js';
import { newTestDeps } from './db.js';

/** Global tables, each with its reason. */
const GLOBAL_TABLES: Record<string, string> = {
  // The tenant directory itself: keyed by tenant_id, and its slug is unique across workspaces because people type it at login.
  tenants: 'reference table of workspaces',
};

let deps: Awaited<ReturnType<typeof newTestDeps>>;
beforeAll(async () => { deps = await newTestDeps(); });
afterAll(async () => { await deps.close(); });

interface KeyRow { table_name: string; conname: string; contype: string; first_col: string | null }

describe('tenant-first keys', () => {
  it('every application table has tenant_id first in its primary key, unique keys and foreign keys', async () => {
    const tables = await queryRows<{ table_name: string }>(deps.db, sql`
      select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`);
    expect(tables.length).toBeGreaterThan(10);
    // Constraints (PK, UNIQUE, FK) and unique indexes, each with its first column.
    const keys = await queryRows<KeyRow>(deps.db, sql`
      select cl.relname as table_name, con.conname, con.contype::text as contype, a.attname as first_col
      from pg_constraint con
      join pg_class cl on cl.oid = con.conrelid
      join pg_namespace n on n.oid = cl.relnamespace
      left join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
      where n.nspname = 'public' and con.contype in ('p', 'u', 'f')
      union all
      select t.relname, i.relname, 'unique index', a.attname
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
      where n.nspname = 'public' and x.indisunique`);
    const offenders = keys.filter((k) => !GLOBAL_TABLES[k.table_name] && k.first_col !== 'tenant_id');
    expect(offenders).toEqual([]);
    const withoutPk = tables.filter((t) => !keys.some((k) => k.table_name === t.table_name && k.contype === 'p'));
    expect(withoutPk).toEqual([]);
    // Foreign keys must also point at tenant_id first on the referenced side.
    const fkTargets = await queryRows<{ conname: string; first_ref: string }>(deps.db, sql`
      select con.conname, a.attname as first_ref from pg_constraint con
      join pg_namespace n on n.oid = con.connamespace
      join pg_attribute a on a.attrelid = con.confrelid and a.attnum = con.confkey[1]
      where n.nspname = 'public' and con.contype = 'f'`);
    expect(fkTargets.length).toBeGreaterThan(5);
    expect(fkTargets.filter((f) => f.first_ref !== 'tenant_id')).toEqual([]);
  });
});
