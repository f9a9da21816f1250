import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DoubleArrayAhoCorasick } from './ahoCorasick';

function naiveOccurrences(patterns: string[], text: string): string[] {
  const out: string[] = [];
  patterns.forEach((p, id) => {
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) out.push(`${id}:${i}:${i + p.length}`);
  });
  return out.sort();
}

describe('DoubleArrayAhoCorasick', () => {
  it('reports every occurrence, overlapping and nested ones included', () => {
    const patterns = ['保本', '保本保收益', '保收益', '收益'];
    const matcher = new DoubleArrayAhoCorasick(patterns);
    const found = matcher.findAll('不存在保本保收益').map((m) => `${patterns[m.pattern]}@${m.start}`);
    expect(found.sort()).toEqual(['保本@3', '保本保收益@3', '保收益@5', '收益@6'].sort());
  });

  it('follows failure links across partial matches', () => {
    const matcher = new DoubleArrayAhoCorasick(['abcd', 'bcx', 'c']);
    expect(matcher.findAll('abcx').map((m) => [m.pattern, m.start, m.end])).toEqual([
      [2, 2, 3],
      [1, 1, 4],
    ]);
  });

  it('rejects empty and duplicate patterns', () => {
    expect(() => new DoubleArrayAhoCorasick([''])).toThrow(/empty/);
    expect(() => new DoubleArrayAhoCorasick(['ab', 'ab'])).toThrow(/duplicate/);
  });

  it('agrees with a naive search on random patterns and texts', () => {
    const alphabet = fc.constantFrom('保', '本', '稳', '赚', 'a', 'b', '不');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 30 }), fc.array(alphabet, { maxLength: 60 }), (patterns, chars) => {
        const text = chars.join('');
        const matcher = new DoubleArrayAhoCorasick(patterns);
        const found = matcher.findAll(text).map((m) => `${m.pattern}:${m.start}:${m.end}`).sort();
        expect(found).toEqual(naiveOccurrences(patterns, text));
      }),
      { numRuns: 300 },
    );
  });
});
