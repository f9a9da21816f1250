import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPrefix, commonSuffix } from './engine';
import { shippedEngine as engine } from './testRules';

/** Fragments that exercise every part of the engine: phrases, negators, separators, breaks, digits, evasions. */
const FRAGMENTS = [
  '保本', '保收益', '稳赚不赔', '加我微信', '内幕消息', '满仓', '明天涨停', '佣金全免', '年化收益保证8.5%', '不用做风险测评',
  '不', '不能', '谨防', '不存在', '的', '是不存在的', '产品', '您好', '保本价', 'XX证券很垃圾',
  ' ', '\u200b', '.', '*', '-', '。', '！', '\n', '，', '、',
  '138', '0013', '8000', '****', '1', '11010519491231002', 'X', '6228480402564890018',
  '穩', '賺', 'ＢＡＯ', 'bao', 'ben', '包', '挣', '𠀀', '😀',
  // Pieces of the shipped regular expressions: an edit can complete or break the literal that lets one run.
  '保证', '收益', '率', '达到', '5%', '目标价', '看到', '12', '能涨到', '元', '佣金', '只要', '万', '买入', '600036', '告诉', '您的', '密码',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join(''));

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'replace'; at: number; length: number; text: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fragmentText }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 8 }), text: fragmentText }),
);

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  return text.slice(0, at) + e.text + text.slice(at + e.length);
}

/** Runs the edits on a session and compares every result with a full check. */
function assertSessionFollows(initial: string, edits: readonly Edit[]): void {
  const session = engine.createSession();
  let text = initial;
  expect(session.update(text)).toEqual(engine.check(text));
  for (const e of edits) {
    text = apply(text, e);
    expect(session.update(text)).toEqual(engine.check(text));
  }
}

/** Types `draft` one character at a time after `before`, comparing each step with a full check. */
function assertTypingFollows(before: string, draft: string, after = ''): void {
  const session = engine.createSession();
  for (let i = 0; i <= draft.length; i++) {
    const text = before + draft.slice(0, i) + after;
    expect(session.update(text)).toEqual(engine.check(text));
  }
}

describe('edit location', () => {
  const naivePrefix = (a: string, b: string): number => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  it('finds the same common prefix and suffix as a character loop, on drafts of any length', () => {
    const base = fc.string({ unit: fc.constantFrom('保', '本', 'a', '。', ' '), minLength: 0, maxLength: 1500, size: 'max' });
    fc.assert(
      fc.property(base, fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 }), (text, at, inserted, removed) => {
        const cut = at % (text.length + 1);
        const edited = text.slice(0, cut) + inserted + text.slice(cut + removed);
        const limit = Math.min(text.length, edited.length);
        const prefix = commonPrefix(text, edited, limit);
        expect(prefix).toBe(naivePrefix(text, edited));
        const suffix = commonSuffix(text, edited, limit - prefix);
        const reversed = naivePrefix([...text].reverse().join(''), [...edited].reverse().join(''));
        expect(suffix).toBe(Math.min(reversed, limit - prefix));
      }),
      { numRuns: 300 },
    );
  });
});

describe('incremental session', () => {
  it('always equals a full check, over random edit sequences', () => {
    fc.assert(
      fc.property(fragmentText, fc.array(edit, { minLength: 1, maxLength: 40 }), assertSessionFollows),
      { numRuns: 400 },
    );
  });

  it('always equals a full check on long drafts, including long sentences without breaks', () => {
    // Over 512 units, so that the edit is located by comparing blocks of every size; breaks are rare here.
    const longText = fc
      .array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...FRAGMENTS.filter((f) => !/[。！\n]/.test(f))) }, { weight: 1, arbitrary: fc.constantFrom('。', '\n') }), {
        minLength: 150,
        maxLength: 400,
      })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(longText, fc.array(edit, { minLength: 1, maxLength: 15 }), assertSessionFollows), { numRuns: 40 });
  });

  it('follows claims that regular expressions catch, as they are typed and taken back', () => {
    for (const claim of ['保证收益率达到8.5%', '目标价看到12元', '这只票能涨到20元', '佣金只要万2', '建议买入600036', '告诉我您的密码']) {
      assertTypingFollows('您好，', claim, '。谢谢');
      assertTypingFollows('', claim);
    }
  });

  it('follows personal numbers that grow, split and join across edits', () => {
    assertTypingFollows('电话', '13800138000', '联系');
    assertTypingFollows('身份证', '11010519491231002X', '');
    assertTypingFollows('卡号', '6228 4804 0256 4890 018', '。');
    const session = engine.createSession();
    for (const text of ['电话138 0013 8000', '电话138 00138000', '电话138001 38000', '电话1380013800', '电话13800138000', '电话13800138000a', '电话13800138000']) {
      expect(session.update(text)).toEqual(engine.check(text));
    }
  });

  it('re-reads negation when a negator is typed far before a claim in a long sentence', () => {
    const filler = '您好这款产品的情况是这样的'.repeat(4);
    const session = engine.createSession();
    for (const text of [`${filler}我们保本`, `${filler}我们不保本`, `谨防${filler}保本`, `${filler}保本是不存在的`, `${filler}保本`]) {
      expect(session.update(text)).toEqual(engine.check(text));
    }
  });

  it('follows typing character by character, then deleting back to empty', () => {
    const draft = '您好。这款产品保本保收益，不存在的！加我微信138 0013 8000。';
    const session = engine.createSession();
    for (let i = 1; i <= draft.length; i++) expect(session.update(draft.slice(0, i))).toEqual(engine.check(draft.slice(0, i)));
    for (let i = draft.length - 1; i >= 0; i--) expect(session.update(draft.slice(0, i))).toEqual(engine.check(draft.slice(0, i)));
  });

  it('shifts hits after an edit in an earlier sentence', () => {
    const session = engine.createSession();
    session.update('第一句。稳赚不赔。');
    const result = session.update('第一句话很长很长。稳赚不赔。');
    expect(result.hits.map((h) => [h.start, h.end, h.matched])).toEqual([[9, 13, '稳赚不赔']]);
  });

  it('re-evaluates negation when a negator is typed in front of a claim', () => {
    const session = engine.createSession();
    expect(session.update('我们保本').verdict).toBe('block');
    expect(session.update('我们不保本').verdict).toBe('pass');
  });
});
