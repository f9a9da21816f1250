import { describe, expect, it } from 'vitest';
import { keepMounted } from './keepMounted';

describe('keepMounted', () => {
  const present = new Set(['a', 'b', 'c', 'd']);

  it('adds the conversation on show at the end and keeps the others where they were', () => {
    expect(keepMounted(['b', 'a'], 'c', present, new Map(), 5)).toEqual(['b', 'a', 'c']);
    const same = ['b', 'a'];
    expect(keepMounted(same, 'a', present, new Map(), 5)).toBe(same);
  });

  it('drops conversations that left the deck (transferred, closed)', () => {
    expect(keepMounted(['a', 'x', 'b'], 'b', present, new Map(), 5)).toEqual(['a', 'b']);
  });

  it('evicts the least recently shown beyond the limit, never the one on show, without reordering', () => {
    const shown = new Map([
      ['a', 1],
      ['b', 5],
      ['c', 3],
    ]);
    expect(keepMounted(['a', 'b', 'c'], 'd', present, shown, 3)).toEqual(['b', 'c', 'd']);
    expect(keepMounted(['a', 'b', 'c'], 'a', present, shown, 2)).toEqual(['a', 'b']);
  });
});
