// Field schemas the contracts share (contracts.ts, lead-contracts.ts).
import { z } from 'zod';
// Zod's own messages in both languages, for every schema built from these parts.
import './zod-messages.js';

/**
 * Zero-width characters and bidirectional controls: invisible, they would let a name that is empty pass as filled, two
 * equal company names differ, or a name render backwards (\u202E) in the app and in robot messages.
 */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;

/** Trimmed text without invisible characters, at most `max` long. */
export const text = (max: number) => z.string().overwrite((s) => s.replace(INVISIBLE, '')).trim().max(max);

/** Trimmed text; empty means "no value" (null). */
export const optionalText = (max: number) => text(max).transform((v) => (v === '' ? null : v)).nullish();

/**
 * One of a dictionary's keys; empty means "no value" (null). One enum with the empty string in it rather than a union
 * of the two, so a wrong value is told which values there are instead of zod's bare "Invalid input" for a union.
 */
export const optionalEnum = (keys: readonly [string, ...string[]]) =>
  z.enum(['', ...keys], { error: () => `须为以下之一 / must be one of: ${keys.join(', ')}` })
    .transform((v) => (v === '' ? null : v)).nullish();

/**
 * The version a client read, sent back with an edit (optimistic locking). Bounded to the database's integer: a larger
 * number can match no record, and failed in the statement as a 500. `min` is 0 for settings still on their defaults.
 */
export const recordVersion = (min = 1) => z.number().int().min(min).max(2_147_483_647);

/**
 * An instant with its offset (2026-11-29T08:30:00+08:00), in years 1900–2999. The database cannot store year 0 and a
 * CRM has no business before 1900 or after 2999, so such a date is refused on its field instead of failing the statement.
 */
export const instant = () => z.iso.datetime({ offset: true })
  // Not a date at all is the format check's to say; this one speaks only of the year.
  .refine((v) => { const y = new Date(v).getUTCFullYear(); return Number.isNaN(y) || (y >= 1900 && y <= 2999); }, { message: '日期须在 1900–2999 年之间 / the date must be in the years 1900–2999' });

/** The zone a workspace starts in: Baton's users are in mainland China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Whether the runtime knows the IANA time zone (Asia/Shanghai, Europe/Berlin). */
export function isTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}

/** An IANA time zone name, stored as the runtime spells it (asia/shanghai reads Asia/Shanghai). */
export const timeZone = () => z.string().trim().min(1).max(64)
  .refine(isTimeZone, { message: '未知时区，请用 IANA 名称，如 Asia/Shanghai / unknown time zone: use an IANA name such as Asia/Shanghai' })
  .transform((tz) => new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone);
