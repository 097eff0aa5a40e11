/**
 * Deterministic randomness for the generated benchmark corpora: the same seed gives the same
 * corpus on every machine, so runs (and their numbers) stay comparable.
 */

/** A seeded generator of floats in [0, 1) with the helpers the generators need. */
export interface Random {
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/**
 * mulberry32: tiny, fast and well distributed enough for picking sentences; not for anything
 * that needs unpredictability.
 */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("Random.pick: cannot pick from an empty list");
      return items[int(items.length)] as T;
    },
  };
}

/**
 * Samples ranks 0…size-1 with probability ∝ 1/(rank+1)^s: word frequencies in natural text follow
 * this (Zipf's law), so swapped-in words are mostly common ones with a long tail of rare ones.
 * `size` may grow between calls (new words join the tail); the cumulative table grows with it.
 */
export class ZipfSampler {
  readonly #exponent: number;
  #cumulative = new Float64Array(1024);
  #filled = 0;

  constructor(exponent = 1) {
    this.#exponent = exponent;
  }

  sample(random: Random, size: number): number {
    if (size < 1) throw new Error("ZipfSampler.sample: size must be at least 1");
    this.#fill(size);
    const total = this.#cumulative[size - 1] ?? 0;
    const u = random.next() * total;
    // First rank whose cumulative weight exceeds u.
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #fill(size: number): void {
    if (size > this.#cumulative.length) {
      let length = this.#cumulative.length;
      while (length < size) length *= 2;
      const grown = new Float64Array(length);
      grown.set(this.#cumulative.subarray(0, this.#filled));
      this.#cumulative = grown;
    }
    for (let rank = this.#filled; rank < size; rank++) {
      const previous = rank === 0 ? 0 : (this.#cumulative[rank - 1] ?? 0);
      this.#cumulative[rank] = previous + 1 / (rank + 1) ** this.#exponent;
    }
    this.#filled = Math.max(this.#filled, size);
  }
}
