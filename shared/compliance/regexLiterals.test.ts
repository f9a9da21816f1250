import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rulesJson from '../../resources/compliance/rules.json';
import { requiredLiterals } from './regexLiterals';

const sorted = (list: string[] | null): string[] | null => (list ? [...list].sort() : null);
const shippedPatterns = (rulesJson as { rules: { patterns?: string[] }[] }).rules.flatMap((rule) => rule.patterns ?? []);

describe('requiredLiterals', () => {
  it.each([
    ['保证收益', ['保证收益']],
    ['(保证|承诺)收益', ['保证收益', '承诺收益']],
    ['保[^，。]{0,6}本', ['保']],
    ['(年化)?收益率?\\d+%', ['年化收益', '年化收益率', '收益', '收益率']],
    ['(明天|下周)(会|要){1,2}(涨停|翻倍)', ['明天', '下周']],
    ['目标价(看到|看)\\d+', ['目标价看到', '目标价看']],
    ['(?<!\\d)(60[0-1]|688)\\d{3}(?!\\d)', ['600', '601', '688']],
    ['(?<=保本)\\d+元', ['元']],
    ['\\d+(?=保本)', null],
    ['保本|\\d+', null],
    ['(保本)*', null],
    ['(?:保本){2}', ['保本保本']],
    ['(?<claim>稳赚)\\k<claim>', ['稳赚']],
    ['\\u4fdd\\u672c', ['保本']],
    ['a\\.b', ['a.b']],
    ['[ab]c', ['ac', 'bc']],
    ['\\d+', null],
    ['(?i:ab)', null], // inline modifiers are not understood: the expression always runs
  ] as [string, string[] | null][])('%s → %j', (pattern, expected) => {
    expect(sorted(requiredLiterals(pattern))).toEqual(sorted(expected));
  });

  it('finds a literal in every shipped expression (so none of them runs on every keystroke)', () => {
    for (const pattern of shippedPatterns) expect(requiredLiterals(pattern), pattern).not.toBeNull();
  });

  // Soundness: every match of the expression contains one of the literals. fast-check generates strings that the
  // expression matches; lookarounds (which it cannot generate) are dropped for generation only.
  const tricky = [
    '(保证|确保)?(收益|回报)率?(达到)?\\d+(\\.\\d+)?%',
    '(会|要){2,3}涨',
    '(稳赚|稳拿){1,2}不?(赔|亏)?',
    '((保|包)(本|赚)|零风险)[^，]{0,3}',
    '[0-9]{3}(元|块)?',
    '(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)x?',
    '(?<=保本)\\d+元',
    '佣金(费率)?万(分之)?[0-9.零一二三]+',
  ];
  it.each([...shippedPatterns, ...tricky])('every match of %s contains a required literal', (pattern) => {
    const literals = requiredLiterals(pattern);
    if (!literals) return;
    const regex = new RegExp(pattern, 'gu');
    const generator = new RegExp(pattern.replace(/\(\?<?[!=](?:[^()]|\([^()]*\))*\)/g, ''), 'u');
    fc.assert(
      fc.property(fc.stringMatching(generator), (text) => {
        regex.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = regex.exec(text)) !== null) {
          if (m[0].length === 0) {
            regex.lastIndex++;
            continue;
          }
          const match = m[0];
          expect(literals.some((literal) => match.includes(literal)), `${JSON.stringify(match)} of ${pattern}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
