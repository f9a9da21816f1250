import { describe, expect, it } from 'vitest';
import rulesJson from '../../../resources/compliance/rules.json';
import { createComplianceEngine, loadRuleSet } from '../../../shared/compliance';
import { applyFix, draftLanguage, fixFor } from './replacement';

const engine = createComplianceEngine(loadRuleSet(rulesJson));
const rule = (id: string) => engine.ruleSet.rules.find((r) => r.id === id);

describe('fixes', () => {
  it('replaces a phrase hit with the compliant wording, and the result passes the warning', () => {
    const draft = '行情不错，建议您满仓。';
    const [hit] = engine.check(draft).hits;
    expect(hit!.ruleId).toBe('induce.full_position');
    const fix = fixFor(hit!, rule(hit!.ruleId), draft)!;
    expect(fix.kind).toBe('alternative');
    expect(fix.text).toBe(hit!.alternative.zh);
    const next = applyFix(draft, hit!, fix.text)!;
    expect(next.startsWith('行情不错，建议您')).toBe(true);
    expect(engine.check(next).hits.some((h) => h.ruleId === 'induce.full_position')).toBe(false);
  });

  it('masks personal data instead of inserting advice text', () => {
    const draft = '您可以拨打13812348000联系我';
    const [hit] = engine.check(draft).hits;
    const fix = fixFor(hit!, rule(hit!.ruleId), draft)!;
    expect(fix).toEqual({ kind: 'mask', text: '138****8000' });
    expect(engine.check(applyFix(draft, hit!, fix.text)!).verdict).toBe('pass');
  });

  it('uses the draft language for the wording', () => {
    expect(draftLanguage('Please go all in now')).toBe('en');
    expect(draftLanguage('Please 满仓')).toBe('zh');
    const hit = { ...engine.check('建议您满仓').hits[0]! };
    expect(fixFor(hit, rule(hit.ruleId), 'all in')!.text).toBe(hit.alternative.en);
  });

  it('refuses to replace when the draft changed under the hit', () => {
    expect(applyFix('建议您满仓', { start: 3, end: 5, matched: '满仓' }, 'X')).toBe('建议您X');
    expect(applyFix('建议您全仓', { start: 3, end: 5, matched: '满仓' }, 'X')).toBeNull();
    expect(applyFix('建议', { start: 3, end: 5, matched: '满仓' }, 'X')).toBeNull();
  });
});
