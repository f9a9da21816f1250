/**
 * Champion lists (Manning et al., Introduction to Information Retrieval §7.1.3): for each indexed term, the
 * articles where it weighs the most, so that ranking a common term reads at most LIST_DEPTH entries instead of its
 * whole posting list. Pure functions only; the SQL that stores the lists is in index.ts.
 *
 * An entry keeps what bm25 needs to weigh the term in that article — the field-weighted term frequency and the
 * article's length — rather than a finished score, so scores are always computed with the current average length.
 * A list is either complete (it holds every article with the term) or holds the exact top of the term: every
 * article left out weighs no more than the list's last entry. Upserts keep that true in place (see ListChanges).
 */

/** Entries kept per term; pages deeper than this (less the re-scoring margin) rank with FTS5. */
export const LIST_DEPTH = 100;
/** A truncated list that lost this many entries to removals is rebuilt from the index by refreshRanking(). */
export const MIN_TRUNCATED_ENTRIES = LIST_DEPTH / 2;

// bm25 as FTS5 computes it.
const K1 = 1.2;
const B = 0.75;
const MAX_U16 = 0xffff;

/** bm25 term weight without IDF. `tf2` is twice the field-weighted frequency (bigrams weigh 0.5, so it is whole). */
export function impact(tf2: number, length: number, avgLength: number): number {
  const tf = tf2 / 2;
  return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength));
}

/**
 * Encoded list: per entry two little-endian uint32 (every platform Electron ships on): the article's doc number,
 * then tf2 << 16 | length, each clamped to 16 bits (an article longer than 65,535 tokens weighs as if it had that
 * many: its weight is near zero either way).
 */
export function encodeList(
  docs: ArrayLike<number>,
  tf2: ArrayLike<number>,
  lengths: ArrayLike<number>,
): Buffer {
  const out = new Uint32Array(docs.length * 2);
  for (let i = 0; i < docs.length; i++) {
    out[2 * i] = docs[i]!;
    out[2 * i + 1] = Math.min(tf2[i]!, MAX_U16) * 0x10000 + Math.min(lengths[i]!, MAX_U16);
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The list as uint32 pairs, without copying when the buffer is aligned. */
export function listView(blob: Uint8Array): Uint32Array {
  if (blob.byteOffset % 4 === 0) return new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength >>> 2);
  return new Uint32Array(Uint8Array.from(blob).buffer);
}

export const entryDoc = (list: Uint32Array, i: number) => list[2 * i]!;
export const entryTf2 = (list: Uint32Array, i: number) => list[2 * i + 1]! >>> 16;
export const entryLength = (list: Uint32Array, i: number) => list[2 * i + 1]! & MAX_U16;

/** Rearranges `values` so that values[k] is the k-th smallest (Hoare's selection, expected linear time). */
function selectKth(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/** Positions of the `depth` highest weights, best first (ties: lower doc first). */
export function topPositions(docs: ArrayLike<number>, weights: Float64Array, depth: number): number[] {
  const n = weights.length;
  let positions: number[] = [];
  if (n > 2 * depth) {
    // Only what reaches the depth-th weight needs sorting.
    const threshold = selectKth(Float64Array.from(weights), n - depth);
    for (let i = 0; i < n; i++) if (weights[i]! >= threshold) positions.push(i);
  } else {
    positions = Array.from({ length: n }, (_, i) => i);
  }
  positions.sort((a, b) => weights[b]! - weights[a]! || docs[a]! - docs[b]!);
  return positions.length > depth ? positions.slice(0, depth) : positions;
}

/** What a stored list becomes after the changes of one write. */
export type ListOutcome =
  | { kind: 'keep'; df: number; list: Buffer }
  | { kind: 'drop' }
  /** the list can no longer vouch for the term's top: refreshRanking() rebuilds it from the index */
  | { kind: 'stale' };

/**
 * Applies one term's changes to its stored list. `removed` are articles that lost the term (or were re-indexed),
 * `added` the articles that have it now.
 */
export function mergeList(
  stored: { df: number; list: Uint32Array },
  removed: ReadonlySet<number> | undefined,
  added: AddedEntries | undefined,
  avgLength: number,
): ListOutcome {
  const addedCount = added?.docs.length ?? 0;
  const df = stored.df - (removed?.size ?? 0) + addedCount;
  if (df <= 0) return { kind: 'drop' };
  const storedCount = stored.list.length >>> 1;
  const complete = storedCount === stored.df;
  const docs: number[] = [];
  const tf2: number[] = [];
  const lengths: number[] = [];
  let floor = Infinity;
  for (let i = 0; i < storedCount; i++) {
    const doc = entryDoc(stored.list, i);
    if (removed?.has(doc)) continue;
    docs.push(doc);
    tf2.push(entryTf2(stored.list, i));
    lengths.push(entryLength(stored.list, i));
    floor = Math.min(floor, impact(tf2[tf2.length - 1]!, lengths[lengths.length - 1]!, avgLength));
  }
  if (!complete && docs.length === 0) return { kind: 'stale' };
  for (let i = 0; i < addedCount; i++) {
    // A truncated list only takes what beats its last entry: below it, other articles may weigh more.
    if (!complete && !(impact(added!.tf2[i]!, added!.lengths[i]!, avgLength) > floor)) continue;
    docs.push(added!.docs[i]!);
    tf2.push(added!.tf2[i]!);
    lengths.push(added!.lengths[i]!);
  }
  if (!complete && docs.length < Math.min(df, MIN_TRUNCATED_ENTRIES)) return { kind: 'stale' };
  return { kind: 'keep', df, list: buildList(docs, tf2, lengths, avgLength) };
}

/** A list from scratch: the LIST_DEPTH heaviest of the given entries, best first. */
export function buildList(
  docs: readonly number[],
  tf2: readonly number[],
  lengths: readonly number[],
  avgLength: number,
): Buffer {
  const weights = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) weights[i] = impact(tf2[i]!, lengths[i]!, avgLength);
  const top = topPositions(docs, weights, LIST_DEPTH);
  return encodeList(
    top.map((p) => docs[p]!),
    top.map((p) => tf2[p]!),
    top.map((p) => lengths[p]!),
  );
}

/** The articles that gained a term in one write, as parallel arrays. */
export interface AddedEntries {
  docs: number[];
  tf2: number[];
  lengths: number[];
}

/** One indexed column of an article: its tokens and their weight ×2; `skip` leaves out terms that get no list. */
export interface WeightedColumn {
  tokens: readonly string[];
  tf2: number;
  skip?: (term: string) => boolean;
}

/**
 * The list changes of one write, collected while articles are indexed and applied once at the end (one read and
 * one write per touched term, however many articles touched it). Bulk loads run every token through add(), so it
 * does one map lookup per token and allocates nothing per article.
 */
export class ListChanges {
  /** term → its new articles, or null for a term that gets no list */
  private readonly added = new Map<string, (AddedEntries & { last: number }) | null>();
  readonly removed = new Map<string, Set<number>>();
  private readonly addedDocs = new Set<number>();

  add(doc: number, columns: readonly WeightedColumn[], length: number): void {
    this.addedDocs.add(doc);
    for (const { tokens, tf2, skip } of columns) {
      for (const term of tokens) {
        let entries = this.added.get(term);
        if (entries === null) continue;
        if (entries === undefined) {
          if (skip?.(term)) {
            this.added.set(term, null);
            continue;
          }
          entries = { docs: [], tf2: [], lengths: [], last: -1 };
          this.added.set(term, entries);
        }
        if (entries.last === doc) entries.tf2[entries.tf2.length - 1]! += tf2;
        else {
          entries.docs.push(doc);
          entries.tf2.push(tf2);
          entries.lengths.push(length);
          entries.last = doc;
        }
      }
    }
  }

  remove(doc: number, columns: readonly WeightedColumn[]): void {
    for (const { tokens, skip } of columns) {
      for (const term of tokens) {
        if (skip?.(term)) continue;
        let docs = this.removed.get(term);
        if (!docs) this.removed.set(term, (docs = new Set()));
        docs.add(doc);
      }
    }
  }

  addedTo(term: string): AddedEntries | undefined {
    return this.added.get(term) ?? undefined;
  }

  /** True when `doc` was added in this write (changing it again needs the changes so far applied first). */
  hasAdded(doc: number): boolean {
    return this.addedDocs.has(doc);
  }

  terms(): string[] {
    const terms: string[] = [];
    for (const [term, entries] of this.added) if (entries) terms.push(term);
    for (const term of this.removed.keys()) if (!this.added.get(term)) terms.push(term);
    return terms;
  }

  get empty(): boolean {
    return this.addedDocs.size === 0 && this.removed.size === 0;
  }
}
