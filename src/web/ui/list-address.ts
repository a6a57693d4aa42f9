// A list's filters as its address (/leads?tier=A,B&slaState=breached, /accounts?industry=C&province=广东省): a link, a
// reload or the browser's history opens exactly that list. Kept apart from the pages so it can be tested without a browser.

import { joinCommaList, splitCommaList } from '../../shared/comma-list';

/** What one address parameter may hold. */
export type ParamRule =
  /** Several values, comma-separated (a comma inside one escaped as \,); only those listed (null: any text). */
  | { kind: 'list'; values: readonly string[] | null }
  /** One of the values listed. */
  | { kind: 'one'; values: readonly string[] }
  /** A switch that is on (`true`) or not there. */
  | { kind: 'flag' }
  /** One text (a search, an owner id, a tag), of at most `max` characters and, where given, of that pattern. */
  | { kind: 'text'; max: number; pattern?: RegExp }
  /** One whole number in a range. */
  | { kind: 'int'; min: number; max: number }
  /** One instant, written back as ISO. */
  | { kind: 'instant' };

export type AddressFilters = Record<string, string | string[] | number | boolean | undefined>;

/** A record id as the API writes it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An address value the list offers (a sort, a page size), or the usual one: a hand-edited value is not sent on. */
export function oneOf<T extends string | number>(value: T | null, allowed: readonly T[], usual: T): T {
  return value !== null && allowed.includes(value) ? value : usual;
}

function readParam(raw: string, rule: ParamRule): string | string[] | number | boolean | undefined {
  switch (rule.kind) {
    case 'one': return rule.values.includes(raw.trim()) ? raw.trim() : undefined;
    case 'flag': return raw.trim() === 'true' ? true : undefined;
    case 'list': {
      const values = splitCommaList(raw).filter((v) => !rule.values || rule.values.includes(v));
      return values.length ? [...new Set(values)] : undefined;
    }
    case 'text': {
      const v = raw.trim().slice(0, rule.max);
      return v && (!rule.pattern || rule.pattern.test(v)) ? v : undefined;
    }
    case 'int': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isInteger(n) && n >= rule.min && n <= rule.max ? n : undefined;
    }
    case 'instant': {
      // Years the server takes (1900–2999): createdFrom=99999 is dropped, not sent to be refused.
      const at = new Date(raw);
      const year = at.getUTCFullYear();
      return raw && year >= 1900 && year <= 2999 ? at.toISOString() : undefined;
    }
  }
}

/**
 * The filters an address carries, keeping only parameters the list knows and values it accepts: a link edited by hand
 * or from an older version shows what it still can rather than an error. `ruleOf` covers keys named at run time
 * (an account's custom fields, cf.<key>).
 */
export function filtersFromParams(params: URLSearchParams, rules: Record<string, ParamRule>, ruleOf?: (key: string) => ParamRule | undefined): AddressFilters {
  const out: AddressFilters = {};
  for (const [key, raw] of params) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : ruleOf?.(key);
    const value = rule && readParam(raw, rule);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The filters as address parameters (the inverse of filtersFromParams; empty filters are left out). */
export function filtersToParams(f: AddressFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(f)) {
    if (Array.isArray(value) ? value.length : value != null && value !== '' && value !== false) out[key] = Array.isArray(value) ? joinCommaList(value) : String(value);
  }
  return out;
}
