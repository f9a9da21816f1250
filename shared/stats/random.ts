/**
 * Small, seedable randomness for reproducible sampling. Not cryptographic: QA samples must be re-drawable by an
 * auditor from the published seed, which is the opposite of what a CSPRNG is for.
 */

/** 32-bit string hash (cyrb53's 32-bit half, seeded): stable across platforms because it only uses Math.imul. */
export function hashString(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 ^ h1) >>> 0;
}

/** mulberry32: a tiny PRNG with a 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A per-item random rank in [0, 1) that depends only on the seed and the item's id.
 * Sorting a group by this rank and taking the first k gives a uniform sample that is the same whatever order the
 * items arrive in, and that does not reshuffle when unrelated items are added.
 */
export function seededRank(seed: string, itemId: string): number {
  return mulberry32(hashString(`${seed}\u001f${itemId}`))();
}

/** The `count` items with the lowest seeded rank (ties broken by id), in rank order. */
export function seededPick<T>(items: readonly T[], count: number, seed: string, idOf: (item: T) => string): T[] {
  if (count <= 0) return [];
  return items
    .map((item) => ({ item, id: idOf(item), rank: seededRank(seed, idOf(item)) }))
    .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count)
    .map((entry) => entry.item);
}

/** ceil(rate × n) that does not round 7.000000000000001 up to 8 (0.07 × 100 in binary floating point). */
export function ceilShare(rate: number, n: number): number {
  return Math.max(0, Math.ceil(rate * n - 1e-9));
}
