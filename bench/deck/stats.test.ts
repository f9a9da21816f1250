import { describe, expect, it } from 'vitest';
import { percentile, summarise } from './stats';

describe('percentile', () => {
  it('uses the nearest rank, whatever the input order', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([], 95)).toBeNaN();
  });

  it('summarises to 0.1 ms', () => {
    expect(summarise([1.04, 2.06, 3.01])).toEqual({ count: 3, p50Ms: 2.1, p95Ms: 3, maxMs: 3 });
  });
});
