// Decides, for one batch, which rows create a record and which update one: pure, so the rules read in one
// place and the writer only executes the plan. A later row of the same file that names the same record
// updates it instead of creating a second one.
import type { ImportRowError } from './imports.schema.js';

export type RecordValues = Record<string, unknown> & { id: string };

export interface Target {
  id: string;
  isNew: boolean;
  /** As loaded from the database (undefined for a record this batch creates). */
  before?: RecordValues;
  current: RecordValues;
  keys: string[];
}

export interface EntityRules {
  /** Keys a row is matched by ("code:…", "name:…"). */
  rowKeys(values: Record<string, unknown>): string[];
  /** Keys a stored record can be found by. */
  recordKeys(record: RecordValues): string[];
  /** A new record from a row's values plus defaults. */
  create(values: Record<string, unknown>): RecordValues;
  /** Fields whose list values are added to rather than replaced (tags). */
  unionFields: ReadonlySet<string>;
  /** The error for a row whose keys point at two different records. */
  conflict(row: number): ImportRowError;
  /** Fields the actor may not edit: a row fills them in new records but never changes stored ones. */
  lockedOnUpdate?: ReadonlySet<string>;
  /** Why a row may update but not create a record (a required custom field it leaves empty). */
  createErrors?(row: number, values: Record<string, unknown>): ImportRowError[];
}

export interface BatchPlan {
  inserts: RecordValues[];
  /** Existing records that changed: before (with its version) and after. */
  updates: { before: RecordValues; after: RecordValues }[];
  /** Records this batch created and a later row changed: counted per row, written once. */
  created: number;
  updated: number;
  skipped: number;
  errors: ImportRowError[];
  /** Rows that will be written (created/updated/skipped), for reporting a failed transaction. */
  rows: number[];
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x) =>
  x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date)
    ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x);

const same = (a: unknown, b: unknown) =>
  a === b || ((a ?? null) === null && (b ?? null) === null) || (typeof a === 'object' && typeof b === 'object' && stable(a) === stable(b));

/** Applies a row's values; undefined when nothing changes. */
export function mergeValues(
  current: RecordValues, patch: Record<string, unknown>, unionFields: ReadonlySet<string>, locked: ReadonlySet<string> = new Set(),
): RecordValues | undefined {
  const next: RecordValues = { ...current };
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (locked.has(key)) continue;
    let v = value;
    if (unionFields.has(key) && Array.isArray(value)) v = [...new Set([...((current[key] as unknown[] | null) ?? []), ...value])];
    else if (key === 'custom') v = { ...((current.custom as Record<string, unknown> | null) ?? {}), ...(value as Record<string, unknown>) };
    if (!same(v, current[key])) { next[key] = v; changed = true; }
  }
  return changed ? next : undefined;
}

export function planBatch(rules: EntityRules, existing: RecordValues[], rows: { row: number; values: Record<string, unknown> }[]): BatchPlan {
  const index = new Map<string, Set<Target>>();
  const add = (t: Target) => { for (const k of t.keys) index.set(k, (index.get(k) ?? new Set()).add(t)); };
  const remove = (t: Target) => { for (const k of t.keys) index.get(k)?.delete(t); };
  for (const rec of existing) add({ id: rec.id, isNew: false, before: rec, current: rec, keys: rules.recordKeys(rec) });

  const plan: BatchPlan = { inserts: [], updates: [], created: 0, updated: 0, skipped: 0, errors: [], rows: [] };
  const touched = new Set<Target>();
  const fresh: Target[] = [];
  for (const { row, values } of rows) {
    const found = new Set<Target>();
    for (const k of rules.rowKeys(values)) for (const t of index.get(k) ?? []) found.add(t);
    if (found.size > 1) { plan.errors.push(rules.conflict(row)); continue; }
    const [target] = found;
    const refused = target ? [] : rules.createErrors?.(row, values) ?? [];
    if (refused.length) { plan.errors.push(...refused); continue; }
    plan.rows.push(row);
    if (!target) {
      const rec = rules.create(values);
      const t: Target = { id: rec.id, isNew: true, current: rec, keys: rules.recordKeys(rec) };
      add(t);
      fresh.push(t);
      plan.created++;
      continue;
    }
    const next = mergeValues(target.current, values, rules.unionFields, target.isNew ? undefined : rules.lockedOnUpdate);
    if (!next) { plan.skipped++; continue; }
    remove(target);
    target.current = next;
    target.keys = rules.recordKeys(next);
    add(target);
    touched.add(target);
    plan.updated++;
  }
  plan.inserts = fresh.map((t) => t.current);
  for (const t of touched) if (!t.isNew && t.before) plan.updates.push({ before: t.before, after: t.current });
  return plan;
}
