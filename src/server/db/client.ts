import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite, PgliteDatabase, PgliteTransaction } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { getTableColumns, getTableName, is, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one data-access type both drivers satisfy; services and repositories take this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or an open transaction: repositories accept either. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The underlying client, for COPY in benchmarks and dump/restore; not for module code. */
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
}

// Both drivers must parse alike: int8 → number (counts and ids of bigserial stay well under 2^53),
// numeric → string (money is never a float), date → 'YYYY-MM-DD' string (no time-zone shift).
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const parseInt8 = (v: string) => Number(v);
const keepString = (v: string) => v;

export interface OpenOptions {
  /** postgres://… to use a server; otherwise PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite data; undefined = in memory. */
  dataDir?: string;
  /** A PGlite data dump (tar) to start from, for fast test databases. */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

/**
 * PGlite runs with fsync off (its default start parameters have -F): a write reaches the operating system, not the
 * disk, and only a machine crash can tear a page. Full-page images in the WAL guard against exactly that and nothing
 * else, so they buy nothing here and cost a great deal: after each checkpoint the first change to every page logs the
 * whole 8 KB page. A 5,000-lead tier update logged 165 MB with them and 7.6 MB without; the rescore of a million leads
 * took 107 s with them and 97 s without. A killed process loses nothing either way (the crash tests run on PGlite).
 */
const PGLITE_SETTINGS = ['-c', 'full_page_writes=off'];

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE || oid === NUMERIC) return keepString;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    pool.on('error', () => { /* idle client errors surface on the next query */ });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', pool, close: () => pool.end() };
  }
  const pglite = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
    parsers: { [INT8]: parseInt8, [DATE]: keepString, [NUMERIC]: keepString },
  });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, kind: 'pglite', pglite, close: () => pglite.close() };
}

/** Runs raw SQL and returns its rows, on either driver. */
export async function queryRows<T = Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };

/**
 * A batch job's read of many rows. On PGlite the rows come back as one JSON text value, built by the database and
 * parsed here in one call: PGlite hands rows over one at a time through the wire protocol, about 6 µs for a row of a
 * few columns, many times what reading them costs (a rescore batch reads 3× faster this way). On PostgreSQL the rows
 * come as they are: node-postgres parses them on Node's side while the server goes on, and one JSON value measured
 * slower there. So the query must select only values that read the same both ways: text, uuid, int4, float8,
 * boolean; timestamps as epochMs (or cast to text where the exact microseconds matter). `orderBy` (over the query's
 * output columns, as `q."column"`) orders the rows.
 */
export async function queryBulkRows<T>(db: Queryable, query: SQL, orderBy?: SQL): Promise<T[]> {
  const order = orderBy ? sql`order by ${orderBy}` : sql``;
  if (!isPglite(db)) return queryRows<T>(db, sql`select * from (${query}) q ${order}`);
  const [row] = await queryRows<{ rows: string | null }>(db, sql`select json_agg(q ${order})::text as rows from (${query}) q`);
  return row?.rows ? (JSON.parse(row.rows) as T[]) : [];
}

/**
 * A timestamp as whole milliseconds since the epoch (what a Date holds), for queryBulkRows: a Date made from a
 * number costs nothing, one parsed from text a microsecond or more, and a sweep reads millions. Rounded in the query,
 * so the float's error (a tiny fraction of a millisecond) never reaches the caller. Read it back with dateFromEpochMs,
 * or use the number as it is.
 */
export const epochMs = (column: SQL) => sql`round(date_part('epoch', date_trunc('milliseconds', ${column})) * 1000)`;

/** The Date of an epochMs value. */
export function dateFromEpochMs(ms: number): Date;
export function dateFromEpochMs(ms: number | null): Date | null;
export function dateFromEpochMs(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

const isPglite = (db: Queryable) => is(db, PgliteDatabase) || is(db, PgliteTransaction);

/**
 * A text[] literal bound as one parameter: `= any(…)` then uses the index like `in (…)` does, without binding
 * a thousand parameters per lookup (measured 2–3× faster on PGlite).
 */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** The values as one bound text[] (or uuid[]) parameter (see textArray), e.g. for `unnest(…)`. */
export const arrayParam = (values: string[], type: 'text' | 'uuid' = 'text') => sql`${textArray(values)}::${sql.raw(type)}[]`;

/** `column = any(values)`, the values bound as one text[] (or uuid[]) parameter (see textArray). */
export const equalsAny = (column: SQL | AnyColumn, values: string[], type: 'text' | 'uuid' = 'text') =>
  sql`${column} = any(${arrayParam(values, type)})`;

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * A batch of rows bound as one json parameter. node-postgres sends what toPostgres returns: the array as UTF-8 bytes,
 * each row encoded on its own. As one string, 500 leads of Chinese text are over V8's 128 KB large-object size (two
 * bytes a character), allocated outside the young heap, then measured and encoded again by the driver: the capture
 * burst of the benchmark spent 12% less Node CPU this way (3.1 s → 2.75 s for 20,000 leads). PGlite binds an object
 * parameter as its JSON.stringify, which toJSON makes the same array.
 */
class JsonArrayParam {
  constructor(private readonly rows: readonly unknown[]) {}
  toJSON() { return this.rows; }
  toPostgres(): Buffer {
    const parts = [OPEN];
    this.rows.forEach((row, k) => {
      if (k) parts.push(COMMA);
      parts.push(Buffer.from(JSON.stringify(row)));
    });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }
}

/**
 * Rows sent as one parameter and read back as a record set, `from ${jsonRecordset(rows)} as r(id uuid, …)`: one
 * bound value for a whole batch. json rather than jsonb, which is first converted to its binary form: for 5,000 rows
 * 14 ms against 34 ms on PGlite, where the database shares Node's thread (on a PostgreSQL server the two are within 10%).
 */
export function jsonRecordset(rows: readonly object[]): SQL {
  return sql`json_to_recordset(${new JsonArrayParam(rows)}::json)`;
}

/**
 * Inserts many rows in one statement with one parameter: the rows travel as a json array and the table's own row type
 * reads them (json_populate_recordset). A batch of 500 leads binds one value instead of 30,000 and skips the ORM's
 * per-cell mapping, which cost more than the insert itself. Every row should carry the same keys: a key a row lacks is
 * stored as null (not the column default), as in a multi-row VALUES list. `returning` names a column whose values of
 * the rows inserted come back as text (with onConflictDoNothing: only the rows that were new).
 */
export async function insertRowsAsJson(db: Queryable, table: PgTable, rows: Record<string, unknown>[], opts: { onConflictDoNothing?: boolean; returning?: string } = {}): Promise<string[]> {
  if (!rows.length) return [];
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined)))];
  const names = keys.map((k) => {
    if (!columns[k]) throw new Error(`insertRowsAsJson: ${getTableName(table)} has no column ${k}`);
    return columns[k].name;
  });
  const json = new JsonArrayParam(rows.map((r) => Object.fromEntries(keys.map((k, i) => [names[i], r[k] ?? null]))));
  const list = sql.join(names.map((n) => sql.identifier(n)), sql`, `);
  const name = sql.identifier(getTableName(table));
  const statement = sql`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${json}::json)
    ${opts.onConflictDoNothing ? sql`on conflict do nothing` : sql``}`;
  if (!opts.returning) {
    await db.execute(statement);
    return [];
  }
  // With on conflict do nothing, only the rows actually inserted come back.
  const column = sql.identifier(opts.returning);
  const rowsBack = await queryRows<{ value: string }>(db, sql`${statement} returning ${column}::text as value`);
  return rowsBack.map((r) => r.value);
}

/**
 * A fixed statement fragment (a list's select and joins) rendered to SQL text once, at module load: Drizzle would
 * render its chunks again on every call, about 0.25 ms of a list request. It must carry no parameters.
 */
export function renderStatic(query: { toSQL(): { sql: string; params: unknown[] } }): SQL {
  const q = query.toSQL();
  if (q.params.length) throw new Error('a statically rendered fragment cannot carry parameters');
  return sql.raw(q.sql);
}

/**
 * Awaits Drizzle queries one after another. Inside a transaction there is one connection, and node-postgres
 * deprecates queueing concurrent queries on a client; Drizzle builders are lazy, so passing them unawaited here
 * runs them strictly in order (Promise.all would start them all at once).
 */
export async function inOrder<T extends readonly unknown[]>(queries: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const out: unknown[] = [];
  for (const q of queries) out.push(await q);
  return out as { -readonly [K in keyof T]: Awaited<T[K]> };
}
