/**
 * Inter-rater agreement for categorical verdicts (pass/fail, grade bands) given by two raters to the same items,
 * item i of `a` and item i of `b` being the same item.
 */

function assertPaired(a: readonly string[], b: readonly string[]): void {
  if (a.length !== b.length) {
    throw new RangeError(`agreement needs paired ratings: got ${a.length} from the first rater and ${b.length} from the second`);
  }
  if (a.length === 0) throw new RangeError('agreement needs at least one paired rating');
}

/** Share of items (0–1) on which both raters gave the same category. */
export function percentAgreement(a: readonly string[], b: readonly string[]): number {
  assertPaired(a, b);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

export interface KappaResult {
  /**
   * Cohen's kappa, (po − pe) / (1 − pe), from −1 to 1; null when it is undefined: both raters put every item in
   * one and the same category, so chance agreement pe is 1 and the formula is 0/0. Agreement is then total but
   * says nothing about the raters' skill; show percent agreement and say why kappa is missing.
   */
  kappa: number | null;
  /** Observed agreement po (0–1). */
  observed: number;
  /** Agreement expected by chance pe (0–1), from each rater's own category shares. */
  expected: number;
  n: number;
  /** Why kappa is null; absent when kappa is a number. */
  undefinedReason?: 'single_shared_category';
}

/** Cohen's kappa for two raters over the same items (unweighted: every disagreement counts the same). */
export function cohensKappa(a: readonly string[], b: readonly string[]): KappaResult {
  assertPaired(a, b);
  const n = a.length;
  const countsA = new Map<string, number>();
  const countsB = new Map<string, number>();
  let same = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) same++;
    countsA.set(x, (countsA.get(x) ?? 0) + 1);
    countsB.set(y, (countsB.get(y) ?? 0) + 1);
  }
  // Sum of products of marginal counts, kept in integers so "pe is exactly 1" is an exact test, not a float guess.
  let marginalProducts = 0;
  for (const [category, countA] of countsA) marginalProducts += countA * (countsB.get(category) ?? 0);
  const observed = same / n;
  const expected = marginalProducts / (n * n);
  if (marginalProducts === n * n) {
    return { kappa: null, observed, expected, n, undefinedReason: 'single_shared_category' };
  }
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n };
}
