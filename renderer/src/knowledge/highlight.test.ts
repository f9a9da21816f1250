import { describe, expect, it } from 'vitest';
import { hitTerms, markTerms, queryWords, scorePercent, snippetSegments } from './highlight';

const joined = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

describe('snippetSegments', () => {
  it('flags the marked hits and unescapes the text around them, so markup in an article stays text', () => {
    const segments = snippetSegments('…通过<mark>融资融券</mark>知识测试 &lt;b&gt;并签署&lt;/b&gt;');
    expect(segments).toEqual([
      { text: '…通过', hit: false },
      { text: '融资融券', hit: true },
      { text: '知识测试 <b>并签署</b>', hit: false },
    ]);
  });
});

describe('hitTerms', () => {
  it('collects each distinct hit once, longest first', () => {
    expect(hitTerms('<mark>创业板</mark>权限 <mark>创业板</mark> <mark>开通</mark>')).toEqual(['创业板', '开通']);
  });

  it('finds nothing in a snippet without marks', () => {
    expect(hitTerms('开户需要满足哪些条件')).toEqual([]);
  });
});

describe('markTerms', () => {
  it('marks every occurrence and joins back to the original text', () => {
    const text = '融资融券授信额度……提高融资融券额度';
    const segments = markTerms(text, ['融资融券']);
    expect(joined(segments)).toBe(text);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['融资融券', '融资融券']);
  });

  it('prefers the longer term where two start at the same place', () => {
    expect(markTerms('创业板指数', ['创业', '创业板指数'])).toEqual([{ text: '创业板指数', hit: true }]);
  });

  it('matches Latin letters regardless of case but keeps the text as written', () => {
    expect(markTerms('Open an ETF account', ['etf'])).toEqual([
      { text: 'Open an ', hit: false },
      { text: 'ETF', hit: true },
      { text: ' account', hit: false },
    ]);
  });

  it('returns the text unmarked without terms, and nothing for empty text', () => {
    expect(markTerms('两融', [])).toEqual([{ text: '两融', hit: false }]);
    expect(markTerms('两融', ['  '])).toEqual([{ text: '两融', hit: false }]);
    expect(markTerms('', ['两融'])).toEqual([]);
  });
});

describe('queryWords', () => {
  it('splits on spaces and Chinese punctuation and drops single characters', () => {
    expect(queryWords('两融 利息，怎么 算')).toEqual(['两融', '利息', '怎么']);
  });
});

describe('scorePercent', () => {
  it('rounds to a whole percentage within 0..100', () => {
    expect(scorePercent(0.9876)).toBe(99);
    expect(scorePercent(1.2)).toBe(100);
    expect(scorePercent(-0.1)).toBe(0);
  });
});
