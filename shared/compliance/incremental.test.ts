import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedEngine as engine } from './testRules';

/** Fragments that exercise every part of the engine: phrases, negators, separators, breaks, digits, evasions. */
const FRAGMENTS = [
  '保本', '保收益', '稳赚不赔', '加我微信', '内幕消息', '满仓', '明天涨停', '佣金全免', '年化收益保证8.5%', '不用做风险测评',
  '不', '不能', '谨防', '不存在', '的', '是不存在的', '产品', '您好', '保本价', 'XX证券很垃圾',
  ' ', '\u200b', '.', '*', '-', '。', '！', '\n', '，', '、',
  '138', '0013', '8000', '****', '1', '11010519491231002', 'X', '6228480402564890018',
  '穩', '賺', 'ＢＡＯ', 'bao', 'ben', '包', '挣', '𠀀', '😀',
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

describe('incremental session', () => {
  it('always equals a full check, over random edit sequences', () => {
    fc.assert(
      fc.property(fragmentText, fc.array(edit, { minLength: 1, maxLength: 40 }), (initial, edits) => {
        const session = engine.createSession();
        let text = initial;
        expect(session.update(text)).toEqual(engine.check(text));
        for (const e of edits) {
          text = apply(text, e);
          expect(session.update(text)).toEqual(engine.check(text));
        }
      }),
      { numRuns: 400 },
    );
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
