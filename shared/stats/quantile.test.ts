import { describe, expect, it } from 'vitest';
import { mean, quantile } from './quantile';

describe('quantile (linear interpolation, type 7)', () => {
  it('interpolates between closest ranks', () => {
    // [1,2,3,4]: p50 → h = 3·0.5 = 1.5 → 2 + 0.5·(3−2) = 2.5; p90 → h = 2.7 → 3 + 0.7·(4−3) = 3.7
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 12);
    // [15,20,35,40,50]: p90 → h = 4·0.9 = 3.6 → 40 + 0.6·(50−40) = 46; p50 → h = 2 → 35
    expect(quantile([50, 15, 40, 20, 35], 0.9)).toBeCloseTo(46, 12);
    expect(quantile([50, 15, 40, 20, 35], 0.5)).toBe(35);
  });

  it('gives the minimum at 0, the maximum at 1, and the value itself for one value', () => {
    expect(quantile([3, 9, 1], 0)).toBe(1);
    expect(quantile([3, 9, 1], 1)).toBe(9);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('does not reorder the caller\'s array', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects empty input, q outside [0, 1] and non-finite values', () => {
    expect(() => quantile([], 0.5)).toThrow(/empty/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
    expect(() => quantile([1], Number.NaN)).toThrow(/\[0, 1\]/);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/finite/);
  });
});

describe('mean', () => {
  it('averages and refuses an empty list', () => {
    expect(mean([90, 70, 85])).toBeCloseTo(245 / 3, 12);
    expect(() => mean([])).toThrow(/empty/);
  });
});
