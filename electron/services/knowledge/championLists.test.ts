import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildList,
  encodeList,
  entryDoc,
  entryLength,
  entryTf2,
  impact,
  LIST_DEPTH,
  ListChanges,
  listView,
  mergeList,
  MIN_TRUNCATED_ENTRIES,
  topPositions,
} from './championLists';

const AVG = 100;
const docsOf = (list: Uint32Array) => Array.from({ length: list.length / 2 }, (_, i) => entryDoc(list, i));
const listOf = (entries: [doc: number, tf2: number, length: number][]) =>
  listView(
    encodeList(
      entries.map((e) => e[0]),
      entries.map((e) => e[1]),
      entries.map((e) => e[2]),
    ),
  );
const added = (entries: [doc: number, tf2: number, length: number][]) => ({
  docs: entries.map((e) => e[0]),
  tf2: entries.map((e) => e[1]),
  lengths: entries.map((e) => e[2]),
});

describe('champion list encoding', () => {
  it('round-trips entries and clamps what does not fit in 16 bits', () => {
    const list = listView(encodeList([7, 70_000], [3, 90_000], [120, 80_000]));
    expect([entryDoc(list, 0), entryTf2(list, 0), entryLength(list, 0)]).toEqual([7, 3, 120]);
    expect([entryDoc(list, 1), entryTf2(list, 1), entryLength(list, 1)]).toEqual([70_000, 0xffff, 0xffff]);
  });

  it('reads unaligned buffers', () => {
    const encoded = encodeList([5], [2], [9]);
    const shifted = Buffer.alloc(encoded.length + 1);
    encoded.copy(shifted, 1);
    const list = listView(shifted.subarray(1));
    expect([entryDoc(list, 0), entryTf2(list, 0), entryLength(list, 0)]).toEqual([5, 2, 9]);
  });

  it('weighs like bm25: more occurrences weigh more, longer articles less', () => {
    expect(impact(4, 100, AVG)).toBeGreaterThan(impact(2, 100, AVG));
    expect(impact(2, 50, AVG)).toBeGreaterThan(impact(2, 200, AVG));
  });
});

describe('topPositions', () => {
  it('equals sorting everything by weight, then by doc', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 600 }),
        fc.integer({ min: 1, max: 120 }),
        (weights, depth) => {
          const docs = weights.map((_, i) => 1000 - i);
          const w = Float64Array.from(weights);
          const expected = docs
            .map((_, i) => i)
            .sort((a, b) => w[b]! - w[a]! || docs[a]! - docs[b]!)
            .slice(0, depth);
          expect(topPositions(docs, w, depth)).toEqual(expected);
        },
      ),
    );
  });
});

describe('mergeList', () => {
  it('keeps a complete list complete: every article with the term, up to LIST_DEPTH', () => {
    const stored = {
      df: 2,
      list: listOf([
        [1, 2, 100],
        [2, 2, 100],
      ]),
    };
    const out = mergeList(stored, new Set([1]), added([[3, 16, 100]]), AVG);
    expect(out.kind).toBe('keep');
    if (out.kind !== 'keep') return;
    expect(out.df).toBe(2);
    expect(docsOf(listView(out.list))).toEqual([3, 2]);
  });

  it('truncates to the heaviest LIST_DEPTH articles', () => {
    const many = Array.from(
      { length: LIST_DEPTH + 5 },
      (_, i) => [i + 1, 2 + (i % 7), 100] as [number, number, number],
    );
    const { docs, tf2, lengths } = added(many);
    const list = listView(buildList(docs, tf2, lengths, AVG));
    expect(list.length / 2).toBe(LIST_DEPTH);
    const kept = new Set(docsOf(list));
    const lightestKept = Math.min(...many.filter(([d]) => kept.has(d)).map(([, tf2]) => tf2));
    for (const [doc, tf2] of many) if (!kept.has(doc)) expect(tf2).toBeLessThanOrEqual(lightestKept);
  });

  it('lets into a truncated list only what outweighs its last entry', () => {
    const full = Array.from({ length: LIST_DEPTH }, (_, i) => [i + 1, 10, 100] as [number, number, number]);
    const stored = { df: LIST_DEPTH + 50, list: listOf(full) };
    const out = mergeList(
      stored,
      undefined,
      added([
        [500, 4, 100],
        [501, 30, 100],
      ]),
      AVG,
    );
    expect(out.kind).toBe('keep');
    if (out.kind !== 'keep') return;
    expect(out.df).toBe(LIST_DEPTH + 52);
    const docs = docsOf(listView(out.list));
    expect(docs[0]).toBe(501);
    expect(docs).not.toContain(500);
    expect(docs.length).toBe(LIST_DEPTH);
  });

  it('gives up on a truncated list worn down by removals, and drops the list of a term no article has', () => {
    const full = Array.from({ length: LIST_DEPTH }, (_, i) => [i + 1, 10, 100] as [number, number, number]);
    const stored = { df: 1000, list: listOf(full) };
    const removeMost = new Set(full.slice(0, LIST_DEPTH - MIN_TRUNCATED_ENTRIES + 1).map(([d]) => d));
    expect(mergeList(stored, removeMost, undefined, AVG).kind).toBe('stale');
    expect(mergeList({ df: 1, list: listOf([[1, 2, 10]]) }, new Set([1]), undefined, AVG).kind).toBe('drop');
  });
});

describe('ListChanges', () => {
  it('sums a term over an article’s columns and skips terms without lists', () => {
    const changes = new ListChanges();
    changes.add(
      7,
      [
        { tokens: ['开户', '条件'], tf2: 16 },
        { tokens: ['开户', '开户'], tf2: 2 },
        { tokens: ['g开户', 'g户'], tf2: 1, skip: (t) => t === 'g户' },
      ],
      50,
    );
    changes.add(8, [{ tokens: ['开户'], tf2: 2 }], 20);
    expect(changes.addedTo('开户')).toMatchObject({ docs: [7, 8], tf2: [20, 2], lengths: [50, 20] });
    expect(changes.addedTo('g户')).toBeUndefined();
    expect(changes.terms().sort()).toEqual(['g开户', '开户', '条件'].sort());
    expect(changes.hasAdded(7)).toBe(true);
    expect(changes.hasAdded(9)).toBe(false);
  });
});
