import { describe, expect, it } from 'vitest';
import { ceilShare, hashString, mulberry32, seededPick, seededRank } from './random';

describe('seeded randomness', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = mulberry32(hashString('2025-03-03'));
    const b = mulberry32(hashString('2025-03-03'));
    const c = mulberry32(hashString('2025-03-04'));
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    expect(seededRank('s', 'x')).toBe(seededRank('s', 'x'));
  });

  it('draws roughly uniform values in [0, 1)', () => {
    const next = mulberry32(42);
    const draws = Array.from({ length: 10_000 }, next);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const avg = draws.reduce((s, v) => s + v, 0) / draws.length;
    expect(avg).toBeGreaterThan(0.49);
    expect(avg).toBeLessThan(0.51);
    const lowerHalf = draws.filter((v) => v < 0.5).length;
    expect(lowerHalf).toBeGreaterThan(4_800);
    expect(lowerHalf).toBeLessThan(5_200);
  });

  it('picks the same items whatever the input order', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
    const pick = seededPick(ids, 5, 'seed', (x) => x);
    expect(seededPick([...ids].reverse(), 5, 'seed', (x) => x)).toEqual(pick);
    expect(new Set(pick).size).toBe(5);
    expect(seededPick(ids, 0, 'seed', (x) => x)).toEqual([]);
  });

  it('ceilShare rounds up without floating-point overshoot', () => {
    expect(0.07 * 100).toBeGreaterThan(7); // the trap: 7.000000000000001
    expect(ceilShare(0.07, 100)).toBe(7);
    expect(ceilShare(0.05, 30)).toBe(2);
    expect(ceilShare(0.05, 1)).toBe(1);
    expect(ceilShare(0, 100)).toBe(0);
  });
});
