/** Small statistics for the deck benchmark. */

/** Nearest-rank percentile (p in 0..100) of the samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** p50/p95/max, rounded to 0.1 ms. */
export function summarise(samples: readonly number[]): { count: number; p50Ms: number; p95Ms: number; maxMs: number } {
  return {
    count: samples.length,
    p50Ms: round1(percentile(samples, 50)),
    p95Ms: round1(percentile(samples, 95)),
    maxMs: round1(samples.length ? Math.max(...samples) : Number.NaN),
  };
}
