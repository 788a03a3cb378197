/**
 * A small seeded random source (mulberry32): the same seed gives the same numbers on every machine and Node
 * version, so a mutant is reproduced from its seed alone.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** A 32-bit seed for a sub-stream (each mutant gets its own). */
  seed(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/** The seed of mutant `index` of a run with master seed `master` (a hash, so runs do not overlap by offset). */
export function mutantSeed(master: number, index: number): number {
  let h = (master ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Seeds print as 8 hex digits (`0x1f2e3d4c`), and parse back from that or from decimal. */
export function formatSeed(seed: number): string {
  return `0x${(seed >>> 0).toString(16).padStart(8, '0')}`;
}

export function parseSeed(text: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`not a seed: ${text}`);
  return n >>> 0;
}
