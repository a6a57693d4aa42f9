// A keyed bijection of [0, size): index i maps to a distinct, random-looking value. Unique names, credit
// codes and mobiles come from this rather than from collision checks, so they stay unique at any scale
// below size, cost O(1) per row and need no memory.
import { mix32, type Rng } from './random.js';

export class Permutation {
  private readonly base: number;
  private readonly mask: number;
  private readonly roundKeys: number[];

  constructor(readonly size: number, rng: Rng, rounds = 4) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** 52) throw new RangeError(`bad permutation size ${size}`);
    // A balanced Feistel network over the smallest even bit width that holds size; cycle-walking then
    // folds it onto [0, size). 2^bits < 4·size, so a lookup takes under four passes on average.
    let bits = Math.max(2, Math.ceil(Math.log2(size)));
    if (bits % 2) bits++;
    this.base = 2 ** (bits / 2);
    this.mask = this.base - 1;
    this.roundKeys = Array.from({ length: rounds }, () => rng.next());
  }

  at(index: number): number {
    if (!(index >= 0 && index < this.size)) throw new RangeError(`index ${index} outside [0, ${this.size})`);
    let x = index;
    do x = this.encrypt(x); while (x >= this.size);
    return x;
  }

  private encrypt(x: number): number {
    let left = Math.floor(x / this.base);
    let right = x - left * this.base;
    for (const key of this.roundKeys) {
      const next = (left ^ (mix32(Math.imul(right, 0x9e3779b1) ^ key) & this.mask)) >>> 0;
      left = right;
      right = next;
    }
    return left * this.base + right;
  }
}
