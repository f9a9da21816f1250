/**
 * Sample quantile by linear interpolation between closest ranks (Hyndman & Fan type 7: the default of R, NumPy and
 * Excel's PERCENTILE.INC). For sorted values x[0..n−1] and q in [0, 1]:
 *   h = (n − 1)·q,  quantile = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * So q = 0 is the minimum, q = 1 the maximum, q = 0.5 the usual median (mean of the middle two for even n).
 * Throws on an empty list, a q outside [0, 1], or a value that is not a finite number: a p90 of nothing is an
 * error to show, not a 0 to chart.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list is undefined');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be within [0, 1], got ${q}`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`quantile needs finite numbers, got ${v}`);
  const sorted = [...values].sort((x, y) => x - y);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const low = sorted[lo] as number;
  const high = sorted[hi] as number;
  return low + (h - lo) * (high - low);
}

/** Arithmetic mean; throws on an empty list for the same reason as `quantile`. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty list is undefined');
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
