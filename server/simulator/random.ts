/**
 * Seeded randomness for the simulator: every choice a simulated client makes (which question, how long it thinks,
 * whether it leaves, what rating it gives) comes from one of these, so a run with the same seed makes the same choices.
 */
import { mulberry32 } from '../../shared/stats/random';

export type Rng = () => number;

/** mulberry32 (the same generator QA sampling uses): small, fast, good enough for behaviour choices. */
export const createRng = (seed: number): Rng => mulberry32(seed);

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
