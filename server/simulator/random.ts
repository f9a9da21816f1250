/**
 * Seeded randomness for the simulator: every choice a simulated client makes (which question, how long it thinks,
 * whether it leaves, what rating it gives) comes from one of these, so a run with the same seed makes the same choices.
 */
export type Rng = () => number;

/** mulberry32: small, fast and good enough for behaviour choices (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent seed for one client from the run's seed (FNV-1a over the parts). */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)]!;
}

/** A duration uniformly drawn from [min, max] milliseconds. */
export function between(rng: Rng, [min, max]: readonly [number, number]): number {
  return Math.round(min + rng() * (max - min));
}
