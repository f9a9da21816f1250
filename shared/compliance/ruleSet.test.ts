import { describe, expect, it } from 'vitest';
import rulesJson from '../../resources/compliance/rules.json';
import { RuleSetError, loadRuleSet } from './ruleSet';
import { COMPLIANCE_CATEGORIES } from './types';

const clone = (): Record<string, unknown> & { rules: Record<string, unknown>[] } => structuredClone(rulesJson) as never;

function errorOf(json: unknown): string {
  try {
    loadRuleSet(json);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleSetError);
    return (err as Error).message;
  }
  throw new Error('expected a RuleSetError');
}

describe('the shipped rule set', () => {
  const ruleSet = loadRuleSet(rulesJson);

  it('is versioned and covers every category', () => {
    expect(ruleSet.version).toMatch(/\S/);
    expect(ruleSet.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(new Set(ruleSet.rules.map((r) => r.category))).toEqual(new Set(COMPLIANCE_CATEGORIES));
  });

  it('holds at least 150 phrases', () => {
    expect(ruleSet.rules.reduce((n, r) => n + r.phrases.length, 0)).toBeGreaterThanOrEqual(150);
  });
});

describe('loadRuleSet errors name the rule and the field', () => {
  it('reports a bad category', () => {
    const json = clone();
    json.rules[2]!.category = 'gossip';
    expect(errorOf(json)).toMatch(/rules\[2\] \(id "guarantee\.return_rate"\)\.category: must be one of/);
  });

  it('reports a missing reason translation', () => {
    const json = clone();
    (json.rules[0]!.reason as Record<string, string>).en = '';
    expect(errorOf(json)).toMatch(/rules\[0\] \(id "guarantee\.principal"\)\.reason\.en: must not be empty/);
  });

  it('reports an invalid regular expression', () => {
    const json = clone();
    json.rules[2]!.patterns = ['(保证'];
    expect(errorOf(json)).toMatch(/rules\[2\] \(id "guarantee\.return_rate"\)\.patterns\[0\]: invalid regular expression/);
  });

  it('reports a pattern that matches the empty string', () => {
    const json = clone();
    json.rules[2]!.patterns = ['收益?'.replace('收益?', '(收益)?')];
    expect(errorOf(json)).toMatch(/patterns\[0\]: matches the empty string/);
  });

  it('reports duplicate ids, phrase too short and rules with nothing to match', () => {
    const json = clone();
    json.rules[1]!.id = 'guarantee.principal';
    json.rules[3]!.phrases = ['好', '亏了我赔'];
    json.rules.push({ id: 'empty.rule', category: 'fee_promise', severity: 'warn', reason: { zh: 'a', en: 'a' }, alternative: { zh: 'b', en: 'b' } });
    const message = errorOf(json);
    expect(message).toMatch(/rules\[1\] \(id "guarantee\.principal"\)\.id: duplicate of rules\[0\]/);
    expect(message).toMatch(/rules\[3\] \(id "guarantee\.loss_compensation"\)\.phrases\[0\]: "好" is shorter than 2/);
    expect(message).toMatch(/\(id "empty\.rule"\): needs phrases, patterns or a detector/);
  });

  it('reports unknown fields and a missing top-level section', () => {
    const json = clone();
    json.rules[0]!.sevrity = 'block';
    expect(errorOf(json)).toMatch(/rules\[0\] \(id "guarantee\.principal"\)/);
    const noNegation = clone();
    delete noNegation.negation;
    expect(errorOf(noNegation)).toMatch(/^Invalid compliance rule set:\n {2}negation:/);
  });

  it('rejects something that is not a rule set at all', () => {
    expect(errorOf(null)).toMatch(/Invalid compliance rule set/);
    expect(errorOf({ version: '1', updatedAt: 'x', negation: { before: ['不'], windowBefore: 6, windowStrong: 0, windowAfter: 0 }, rules: [] })).toMatch(/rules: must list at least one rule/);
  });
});
