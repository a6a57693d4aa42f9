import type { RecycleRules, RecycleThresholds, Tier } from '../lead-types';

/** The recycle rules' day thresholds, in the order the editor and the pool list show them. */
export const THRESHOLDS = ['notFollowedUpDays', 'notWonDays', 'notFirstTouchedDays'] as const;

type Overrides = NonNullable<RecycleRules['tierOverrides']>;
type OverrideValues = Partial<Record<Tier, Partial<Record<keyof RecycleThresholds, number | null | undefined>>>>;

/**
 * The per-tier overrides as the pool drawer saves them. An empty box means "as the pool": its key is left out. The API
 * reads a null override as "this rule is off for the tier", so an emptied box sent as null had stopped recycling that
 * tier's leads altogether. A rule switched off through the API (stored null) shows as an empty box marked off and
 * stays off until a number is typed into it.
 */
export function overridesToSave(values: OverrideValues | undefined, stored: Overrides | undefined): Overrides {
  const out: Overrides = {};
  const tiers = new Set([...Object.keys(values ?? {}), ...Object.keys(stored ?? {})]) as Set<Tier>;
  for (const tier of tiers) {
    const kept: Partial<RecycleThresholds> = {};
    const keys = new Set([...Object.keys(values?.[tier] ?? {}), ...Object.keys(stored?.[tier] ?? {})]) as Set<keyof RecycleThresholds>;
    for (const key of keys) {
      const v = values?.[tier]?.[key];
      if (typeof v === 'number') kept[key] = v;
      else if (stored?.[tier]?.[key] === null) kept[key] = null;
    }
    if (Object.keys(kept).length) out[tier] = kept;
  }
  return out;
}
