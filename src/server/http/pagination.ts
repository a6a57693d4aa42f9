import type { Column } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import fastJson, { type Schema } from 'fast-json-stringify';
import { z } from 'zod';
import { AppError } from './errors.js';
import { instant } from '../../shared/schema-parts.js';

/** Keyset cursors: the last row's sort value and id, opaque to clients. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes and checks a cursor against its shape; anything else is BAD_CURSOR, never a database error. */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('BAD_CURSOR');
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_CURSOR');
  return parsed.data;
}

export const isoTime = instant();
/** The cursor of lists ordered by a timestamp, then id. */
export const timeCursor = z.tuple([isoTime, z.uuid()]);

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export interface Page<T> { items: T[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean }

/** Takes limit+1 rows and turns the extra one into "there is a next page". */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown[]): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}

/**
 * Sends a list page as JSON encoded to UTF-8 once. Given a string, Fastify measures its UTF-8 length and the
 * socket (or inject) encodes it again: about 0.05 ms of a 50-row page of Chinese text.
 */
export function sendPage<T>(reply: FastifyReply, page: Page<T>, serialize: (page: Page<T>) => string | Buffer = JSON.stringify) {
  const body = serialize(page);
  return reply.type('application/json; charset=utf-8').send(typeof body === 'string' ? Buffer.from(body) : body);
}

const ITEMS_OPEN = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');

/**
 * A page serializer compiled from the columns its rows were selected with (fast-json-stringify): half the time of
 * JSON.stringify on a 50-row page, the same text. It writes only those columns, so pass the query's select list.
 * Each row is encoded to UTF-8 on its own and the page joined as bytes: a 50-row page of Chinese text is over 128 KB
 * as one string (two bytes a character), which V8 allocates outside its young heap at about ten times the cost,
 * 1 ms of a 6 ms request at a million leads; a row is a few KB.
 */
export function pageSerializer(columns: Record<string, Column>): (page: Page<unknown>) => Buffer {
  const item = fastJson({ type: 'object', properties: Object.fromEntries(Object.entries(columns).map(([key, c]) => [key, columnSchema(c)])) });
  const rest = fastJson({
    type: 'object',
    properties: { nextCursor: { type: 'string', nullable: true }, total: { type: 'integer' }, totalIsEstimate: { type: 'boolean' } },
  });
  return ({ items, ...others }) => {
    const parts = [ITEMS_OPEN];
    items.forEach((row, k) => {
      if (k) parts.push(COMMA);
      parts.push(Buffer.from(item(row as object)));
    });
    const tail = rest(others);
    parts.push(Buffer.from(tail === '{}' ? ']}' : `],${tail.slice(1)}`));
    return Buffer.concat(parts);
  };
}

/** Any value may be null: left joins and field masking can empty any column. Arrays and JSON go as JSON.stringify writes them. */
function columnSchema(column: Column): Partial<Schema> {
  switch (column.dataType) {
    case 'string': return { type: 'string', nullable: true };
    case 'number': return { type: 'number', nullable: true };
    case 'boolean': return { type: 'boolean', nullable: true };
    case 'date': return { type: 'string', format: 'date-time', nullable: true };
    default: return {};
  }
}
