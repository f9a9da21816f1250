import { describe, expect, it } from 'vitest';
import { cohensKappa, percentAgreement } from './agreement';

/** Build paired ratings from a confusion table: counts[i][j] items rated cats[i] by A and cats[j] by B. */
function fromTable(cats: string[], counts: number[][]): { a: string[]; b: string[] } {
  const a: string[] = [];
  const b: string[] = [];
  counts.forEach((row, i) =>
    row.forEach((n, j) => {
      for (let k = 0; k < n; k++) {
        a.push(cats[i] as string);
        b.push(cats[j] as string);
      }
    }),
  );
  return { a, b };
}

describe('percentAgreement', () => {
  it('is the share of items rated the same', () => {
    expect(percentAgreement(['p', 'f', 'p', 'p'], ['p', 'p', 'p', 'f'])).toBe(0.5);
    expect(percentAgreement(['x'], ['x'])).toBe(1);
  });

  it('refuses unpaired or empty ratings', () => {
    expect(() => percentAgreement(['p'], ['p', 'f'])).toThrow(/paired/);
    expect(() => percentAgreement([], [])).toThrow(/at least one/);
  });
});

describe('cohensKappa', () => {
  it('matches the classic 2×2 example with 50 items', () => {
    // Hand computation:          B yes   B no
    //                   A yes      20       5     (A yes = 25)
    //                   A no       10      15     (A no  = 25)
    //                              30      20     n = 50
    // po = (20 + 15) / 50 = 0.70
    // pe = (25/50)(30/50) + (25/50)(20/50) = 0.30 + 0.20 = 0.50
    // κ  = (0.70 − 0.50) / (1 − 0.50) = 0.40
    const { a, b } = fromTable(['yes', 'no'], [[20, 5], [10, 15]]);
    expect(a).toHaveLength(50);
    const k = cohensKappa(a, b);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(percentAgreement(a, b)).toBeCloseTo(0.7, 12);
  });

  it('handles three categories (grade bands)', () => {
    // Rows A, columns B:  A  B  C
    //                A    3  1  0   (4)
    //                B    0  2  1   (3)
    //                C    1  0  2   (3)
    //                     4  3  3   n = 10
    // po = 7/10; pe = (4·4 + 3·3 + 3·3)/100 = 0.34; κ = 0.36/0.66 = 6/11
    const { a, b } = fromTable(['A', 'B', 'C'], [[3, 1, 0], [0, 2, 1], [1, 0, 2]]);
    const k = cohensKappa(a, b);
    expect(k.expected).toBeCloseTo(0.34, 12);
    expect(k.kappa).toBeCloseTo(6 / 11, 12);
  });

  it('gives −1 for perfect disagreement and 1 for perfect agreement on two categories', () => {
    // po = 0, pe = (1·1 + 1·1)/4 = 0.5 → κ = −0.5/0.5 = −1
    expect(cohensKappa(['p', 'f'], ['f', 'p']).kappa).toBeCloseTo(-1, 12);
    expect(cohensKappa(['p', 'f', 'p'], ['p', 'f', 'p']).kappa).toBeCloseTo(1, 12);
  });

  it('is 0, not undefined, when agreement is only what chance predicts', () => {
    // A: 4 pass; B: 3 pass, 1 fail. po = 3/4; pe = (4·3 + 0·1)/16 = 3/4 → κ = 0/(1/4) = 0
    const k = cohensKappa(['p', 'p', 'p', 'p'], ['p', 'p', 'p', 'f']);
    expect(k.kappa).toBe(0);
    expect(k.undefinedReason).toBeUndefined();
  });

  it('reports kappa as undefined when both raters used one and the same category (pe = 1)', () => {
    const k = cohensKappa(['pass', 'pass', 'pass'], ['pass', 'pass', 'pass']);
    expect(k).toEqual({ kappa: null, observed: 1, expected: 1, n: 3, undefinedReason: 'single_shared_category' });
  });

  it('is defined when each rater used a different single category (pe = 0)', () => {
    expect(cohensKappa(['p', 'p'], ['f', 'f'])).toMatchObject({ kappa: 0, observed: 0, expected: 0 });
  });

  it('refuses unpaired ratings', () => {
    expect(() => cohensKappa(['p', 'f'], ['p'])).toThrow(RangeError);
  });
});
