import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import { formatQuote, importLineSchema, sameContent, type Article } from './article';
import { splitHighlighted } from './search';

const article: Article = {
  id: 'KB-0012',
  title: '创业板权限开通条件',
  body: '自然人投资者申请开通创业板交易权限，需同时满足资产与交易经验要求。签署风险揭示书后T+2日生效。',
  tags: ['创业板'],
  category: '创业板',
  language: 'zh-CN',
  version: 3,
  effectiveFrom: '2024-06-01',
  author: 'ops',
  likes: 0,
  quoteCount: 0,
  updatedAt: '2024-06-01T00:00:00.000Z',
};

describe('formatQuote', () => {
  it('inserts the excerpt with title, id and version, marking cuts with an ellipsis', () => {
    expect(formatQuote(article, '需同时满足资产与交易经验要求')).toBe(
      '…需同时满足资产与交易经验要求…\n——《创业板权限开通条件》[KB-0012 v3]',
    );
  });

  it('drops the ellipsis where the excerpt starts or ends the article, and strips highlight marks', () => {
    expect(formatQuote(article, '<mark>自然人</mark>投资者申请开通创业板交易权限')).toBe(
      '自然人投资者申请开通创业板交易权限…\n——《创业板权限开通条件》[KB-0012 v3]',
    );
    expect(formatQuote(article, '签署风险揭示书后T+2日生效。')).toBe(
      '…签署风险揭示书后T+2日生效。\n——《创业板权限开通条件》[KB-0012 v3]',
    );
  });

  it('refuses a superseded article unless the agent acknowledged it, and then says so in the source line', () => {
    const old = { ...article, supersededBy: 'KB-0099' };
    let failure: unknown;
    try {
      formatQuote(old, '需同时满足资产与交易经验要求');
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).code).toBe('CONFLICT');
    expect((failure as AppFailure).details).toEqual({ articleId: 'KB-0012', supersededBy: 'KB-0099' });
    const quoted = formatQuote(old, '需同时满足资产与交易经验要求', { acknowledgeSuperseded: true });
    expect(quoted).toContain('[KB-0012 v3]');
    expect(quoted).toContain('已被 KB-0099 取代');
  });

  it('rejects an empty excerpt', () => {
    expect(() => formatQuote(article, ' <mark></mark> ')).toThrow(AppFailure);
  });
});

describe('importLineSchema', () => {
  it('ignores extra fields and keeps language optional', () => {
    const parsed = importLineSchema.parse({
      id: 'KB-1',
      title: 't',
      body: 'b',
      tags: [],
      category: 'c',
      author: 'x',
      likes: 9,
    });
    expect(parsed).toEqual({ id: 'KB-1', title: 't', body: 'b', tags: [], category: 'c' });
  });

  it('rejects a missing title and an unknown language', () => {
    expect(importLineSchema.safeParse({ id: 'KB-1', body: 'b', tags: [], category: 'c' }).success).toBe(
      false,
    );
    expect(
      importLineSchema.safeParse({
        id: 'KB-1',
        title: 't',
        body: 'b',
        tags: [],
        category: 'c',
        language: 'fr',
      }).success,
    ).toBe(false);
  });
});

describe('sameContent', () => {
  it('ignores likes and quote counts but not tag order', () => {
    expect(sameContent(article, { ...article, likes: 5 } as Article)).toBe(true);
    expect(sameContent({ ...article, tags: ['a', 'b'] }, { ...article, tags: ['b', 'a'] })).toBe(false);
  });
});

describe('splitHighlighted', () => {
  it('splits marks into hit segments and unescapes the text', () => {
    expect(splitHighlighted('开通<mark>创业板</mark>需 &lt;10万&gt; &amp; <mark>T+2</mark>')).toEqual([
      { text: '开通', hit: false },
      { text: '创业板', hit: true },
      { text: '需 <10万> & ', hit: false },
      { text: 'T+2', hit: true },
    ]);
  });

  it('never turns escaped markup into a hit', () => {
    expect(splitHighlighted('&lt;mark&gt;x&lt;/mark&gt;')).toEqual([{ text: '<mark>x</mark>', hit: false }]);
  });

  it('treats an unclosed mark as text', () => {
    expect(splitHighlighted('a<mark>b')).toEqual([{ text: 'ab', hit: false }]);
  });
});
