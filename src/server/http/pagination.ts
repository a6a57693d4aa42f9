import { z } from 'zod';
import { AppError } from './errors.js';

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

export const isoTime = z.iso.datetime({ offset: true });
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
