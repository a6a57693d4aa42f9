// Small pure helpers the lead rules share: durations, bilingual text, instants shown in the tenant's time zone.
import { EMPLOYEE_SIZES, INDUSTRIES, LEAD_SOURCE_TYPES, PROVINCE_LABELS, REGION_LABELS, TIERS, type DictEntry } from '../../../shared/dictionaries.js';

export const HOUR_MS = 3_600_000;
// "Days" in every lead rule are 24 h periods from an absolute instant, never calendar days, so a rule
// gives the same answer on any server whatever its time zone.
export const DAY_MS = 24 * HOUR_MS;
import { DEFAULT_TIME_ZONE } from '../../../shared/schema-parts.js';

export { DEFAULT_TIME_ZONE };

export interface Bilingual { zh: string; en: string }

export { TIERS };
export type Tier = (typeof TIERS)[number];

/** Lead source type keys (LEAD_SOURCE_TYPES): 主动 inbound intent vs 被动 incentive-driven. */
export type SourceType = 'active' | 'passive';

/** A lead as people name it: 王五（某某科技有限公司）, or the name alone. */
/** An English reason opening a sentence ("no follow-up for 7 days" → "No follow-up for 7 days"). */
export const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const leadLabel = (l: { name: string; company?: string | null }) => (l.company ? `${l.name}（${l.company}）` : l.name);

/** Adds a number of 24 h days to an instant. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Whole 24 h days elapsed from `from` to `to` (never negative). */
export function countWholeDays(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

// Building an Intl.DateTimeFormat costs ~100 µs; each one is built once per zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(kind: string, timeZone: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = build()));
  return f;
}

// Every offset change of every zone falls on a quarter hour, so one offset per zone and quarter hour is exact.
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** The zone's offset from UTC at `at`, in ms: one Intl call per zone and quarter hour, not per call (the sweeps format a million dates). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${timeZone}:${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = cachedFormat('second', timeZone, () => new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    })).formatToParts(new Date(quarter));
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    offset = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - quarter;
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Shows an instant as "2025-03-02 10:00" in the given time zone. */
export function formatInstant(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const local = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
}

/** Start of the calendar day containing `at` in the given time zone, as an absolute instant. */
export function findStartOfDay(at: Date, timeZone = DEFAULT_TIME_ZONE): Date {
  const local = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // The offset at midnight itself, which differs from now's on a day the clocks change.
  return new Date(midnightAsUtc - zoneOffsetMs(new Date(midnightAsUtc - zoneOffsetMs(at, timeZone)), timeZone));
}

/** The instant a calendar date ("2025-03-03") begins in the given time zone. */
export function findStartOfDate(date: string, timeZone = DEFAULT_TIME_ZONE): Date {
  const asUtc = Date.parse(`${date}T00:00:00Z`);
  // Noon of that local day (give or take a clock change), whose day's start is the answer.
  return findStartOfDay(new Date(asUtc - zoneOffsetMs(new Date(asUtc), timeZone) + 12 * HOUR_MS), timeZone);
}

/** Label of a dictionary key in both languages; unknown keys show as themselves. */
export function describeKey(dict: DictEntry[], key: string): Bilingual {
  const entry = dict.find((e) => e.key === key);
  return entry ? { zh: entry.zh, en: entry.en } : { zh: key, en: key };
}

/** Bilingual label of a lead profile value (industry key C → 制造业, source type active → 主动, 广东省 → Guangdong). */
export function describeFieldValue(field: string, value: string): Bilingual {
  if (field === 'industry') return describeKey(INDUSTRIES, value);
  if (field === 'employeeSize') return describeKey(EMPLOYEE_SIZES, value);
  if (field === 'sourceType') return describeKey(LEAD_SOURCE_TYPES, value);
  if (field === 'province') return describeKey(PROVINCE_LABELS, value);
  if (field === 'region') return describeKey(REGION_LABELS, value);
  return { zh: value, en: value };
}

export const FIELD_LABELS: Record<string, Bilingual> = {
  industry: { zh: '行业', en: 'industry' },
  employeeSize: { zh: '人员规模', en: 'employee size' },
  province: { zh: '省份', en: 'province' },
  region: { zh: '大区', en: 'region' },
  title: { zh: '职位', en: 'title' },
  sourceType: { zh: '来源类型', en: 'source type' },
  tier: { zh: '等级', en: 'tier' },
  productLine: { zh: '产品线', en: 'product line' },
};
