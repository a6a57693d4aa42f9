// Seeded randomness for generated data. sfc32 is small, fast and passes PractRand; Math.random is never
// used, so one seed always gives byte-identical output on every machine.

type Key = readonly [number, number, number, number];
export type Weighted<T> = readonly (readonly [T, number])[];

/** Murmur3's finaliser: a cheap 32-bit mix in which every input bit flips about half the output bits. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Murmur3-style hash of 32-bit words. */
function hashWords(words: readonly number[], seed: number): number {
  let h = seed >>> 0;
  for (const w of words) {
    let k = Math.imul(w >>> 0, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  return mix32(h ^ words.length);
}

function hashString(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

// Numbers and strings are tagged differently so fork(7) and fork('7') are different streams.
function labelWords(label: string | number): number[] {
  if (typeof label === 'number') {
    if (!Number.isSafeInteger(label) || label < 0) throw new RangeError(`fork label must be a non-negative integer: ${label}`);
    return [1, label >>> 0, Math.floor(label / 0x100000000) >>> 0];
  }
  return [2, hashString(label, 0x811c9dc5), hashString(label, 0x2545f491), label.length];
}

function deriveKey(parent: Key, label: string | number): Key {
  const words = [...parent, ...labelWords(label)];
  return [hashWords(words, 1), hashWords(words, 2), hashWords(words, 3), hashWords(words, 4)];
}

const cumulativeCache = new WeakMap<object, Float64Array>();

function cumulativeOf<T>(entries: Weighted<T>): Float64Array {
  let cumulative = cumulativeCache.get(entries);
  if (!cumulative) {
    cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => { total += weight; cumulative![i] = total; });
    if (!(total > 0)) throw new RangeError('weighted() needs a positive total weight');
    cumulativeCache.set(entries, cumulative);
  }
  return cumulative;
}

export class Rng {
  /** Fixed at construction: forks derive from it, never from how much of this stream was consumed. */
  readonly key: Key;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string | Key) {
    this.key = Array.isArray(seed) ? (seed as Key) : deriveKey([0, 0, 0, 0], seed as number | string);
    [this.a, this.b, this.c, this.d] = this.key;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** An independent stream named by label: rng.fork('contacts'), rng.fork(accountIndex). */
  fork(label: string | number): Rng {
    return new Rng(deriveKey(this.key, label));
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 0x100000000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Picks a value with probability proportional to its weight: rng.weighted([['a', 3], ['b', 1]]). */
  weighted<T>(entries: Weighted<T>): T {
    const cumulative = cumulativeOf(entries);
    const target = this.float() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return entries[lo][0];
  }

  /** k distinct items in their original order (k is clamped to the list length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const chosen: T[] = [];
    let needed = Math.min(k, items.length);
    for (let i = 0; i < items.length && needed > 0; i++) {
      if (this.float() * (items.length - i) < needed) { chosen.push(items[i]); needed--; }
    }
    return chosen;
  }
}
