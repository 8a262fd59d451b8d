// Deterministic randomness for the generator: every value is a function of (seed, stream, index),
// so a run with the same seed fills the same rows whatever the batch size or machine.

/** A 32-bit mixing hash (murmur3 finalizer) to derive independent stream seeds. */
export function mix32(a: number, b = 0): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seed of a named stream, e.g. rngFor(seed, 'matter', id). */
export function streamSeed(seed: number, name: string, index = 0): number {
  let h = mix32(seed, index);
  for (let i = 0; i < name.length; i++) {
    h = mix32(h, name.charCodeAt(i));
  }
  return h;
}

/** mulberry32: small, fast and identical on every platform. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }

  static for(seed: number, name: string, index = 0): Rng {
    return new Rng(streamSeed(seed, name, index));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[this.int(items.length)];
    if (v === undefined) {
      throw new RangeError('pick from an empty list');
    }
    return v;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/** Weighted choice in O(1) per draw (Vose's alias method). */
export class Alias<T> {
  readonly #items: readonly T[];
  readonly #prob: Float64Array;
  readonly #alias: Int32Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    const n = items.length;
    if (n === 0 || weights.length !== n) {
      throw new RangeError('alias table needs one weight per item');
    }
    this.#items = items;
    this.#prob = new Float64Array(n);
    this.#alias = new Int32Array(n);
    const total = weights.reduce((a, b) => a + b, 0);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() ?? 0;
      const l = large.pop() ?? 0;
      this.#prob[s] = scaled[s] ?? 0;
      this.#alias[s] = l;
      scaled[l] = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      ((scaled[l] ?? 0) < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) {
      this.#prob[i] = 1;
    }
  }

  draw(rng: Rng): T {
    const i = rng.int(this.#items.length);
    const j = rng.next() < (this.#prob[i] ?? 1) ? i : (this.#alias[i] ?? i);
    const v = this.#items[j];
    if (v === undefined) {
      throw new RangeError('alias index out of range');
    }
    return v;
  }
}

/** Builds an alias table from `[item, weight]` pairs. */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): Alias<T> {
  return new Alias(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  );
}
