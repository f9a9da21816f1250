import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import shippedScorecards from '../../resources/qa/scorecards.json';
import { defaultScorecards, parseScorecardFile } from './defaults';
import { ScorecardFileSchema, ScorecardSchema, roundHalfUp, scoreSession, type ScoreAnswers, type Scorecard } from './scorecard';

const service = defaultScorecards.find((c) => c.id === 'zh_service') as Scorecard;

function fullMarks(card: Scorecard): ScoreAnswers {
  return {
    points: Object.fromEntries(card.criteria.map((c) => [c.id, c.maxPoints])),
    critical: Object.fromEntries(card.criticalItems.map((c) => [c.id, 'pass' as const])),
  };
}

function withPoints(card: Scorecard, points: Record<string, number>): ScoreAnswers {
  const answers = fullMarks(card);
  return { ...answers, points: { ...answers.points, ...points } };
}

/** A two-criterion card for hand-computed rounding. */
const tiny: Scorecard = ScorecardSchema.parse({
  id: 'tiny',
  version: 1,
  name: { zh: '测试', en: 'Test' },
  channel: 'service',
  locale: 'zh-CN',
  passMark: 60,
  criterionPassRatio: 0.6,
  criteria: [
    { id: 'thirds', name: { zh: '甲', en: 'A' }, description: { zh: '甲', en: 'A' }, weight: 50, maxPoints: 3 },
    { id: 'sevenths', name: { zh: '乙', en: 'B' }, description: { zh: '乙', en: 'B' }, weight: 50, maxPoints: 7 },
  ],
  criticalItems: [{ id: 'red_line', name: { zh: '红线', en: 'Red line' }, description: { zh: '红线', en: 'Red line' } }],
});

describe('shipped scorecards', () => {
  it('validate, and the zh service card has the six weighted criteria and the critical items', () => {
    expect(() => ScorecardFileSchema.parse(shippedScorecards)).not.toThrow();
    expect(service.criteria.map((c) => c.name.zh)).toEqual(['问候', '准确性', '合规', '共情', '解决', '效率']);
    expect(service.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
    for (const c of service.criteria) expect(c.description.en.length).toBeGreaterThan(0);
    expect(service.criticalItems.map((c) => c.name.zh)).toEqual(expect.arrayContaining(['违规承诺收益', '泄露客户隐私', '未做适当性提示']));
  });

  it('every shipped card scores 100 on full marks', () => {
    for (const card of defaultScorecards) expect(scoreSession(card, fullMarks(card))).toMatchObject({ total: 100, passed: true, failedCritical: [] });
  });
});

describe('scorecard schema', () => {
  it('rejects weights that do not add up to 100 and duplicate ids, with line numbers for edited files', () => {
    const broken = structuredClone(shippedScorecards);
    (broken.scorecards[0] as { criteria: { weight: number }[] }).criteria[0]!.weight = 11;
    const text = JSON.stringify(broken, null, 2);
    expect(() => parseScorecardFile(text)).toThrow(/scorecards\.json:\d+ scorecards\.0\.criteria: criterion weights must add up to 100, they add up to 101/);

    const dup = structuredClone(tiny) as Scorecard;
    dup.criticalItems = [{ ...dup.criticalItems[0]!, id: 'thirds' }];
    expect(ScorecardSchema.safeParse(dup).error?.issues[0]?.message).toMatch(/duplicate id "thirds"/);
  });
});

describe('scoreSession', () => {
  it('weights each criterion by weight × points / maxPoints', () => {
    // accuracy (weight 30) at 0/10, everything else full → 100 − 30 = 70
    expect(scoreSession(service, withPoints(service, { accuracy: 0 })).total).toBe(70);
    // greeting 3/5 → 6, accuracy 7/10 → 21, compliance 9/10 → 22.5, empathy 4/5 → 8, resolution 2/5 → 6,
    // efficiency 3/5 → 6; total 69.5
    const r = scoreSession(service, withPoints(service, { greeting: 3, accuracy: 7, compliance: 9, empathy: 4, resolution: 2, efficiency: 3 }));
    expect(r.total).toBe(69.5);
    expect(r.passed).toBe(false);
    expect(r.perCriterion.find((c) => c.criterionId === 'compliance')).toMatchObject({ points: 9, maxPoints: 10, weight: 25, weighted: 22.5, met: true });
    // met: points / max ≥ 0.6 → resolution 2/5 = 0.4 is not met, greeting 3/5 = 0.6 is
    expect(r.perCriterion.find((c) => c.criterionId === 'resolution')?.met).toBe(false);
    expect(r.perCriterion.find((c) => c.criterionId === 'greeting')?.met).toBe(true);
  });

  it('rounds the total half-up to one decimal and contributions to two', () => {
    // 50·1/3 + 50·3/7 = 16.666… + 21.428… = 38.095… → 38.1; contributions 16.67 and 21.43
    const r = scoreSession(tiny, { points: { thirds: 1, sevenths: 3 }, critical: { red_line: 'pass' } });
    expect(r.total).toBe(38.1);
    expect(r.perCriterion.map((c) => c.weighted)).toEqual([16.67, 21.43]);
    // 50·2/3 + 50·0/7 = 33.333… → 33.3
    expect(scoreSession(tiny, { points: { thirds: 2, sevenths: 0 }, critical: { red_line: 'pass' } }).total).toBe(33.3);
    // half-up where binary floating point lands just below the half: 0.7 + 0.35 = 1.0499999999999998
    expect(0.7 + 0.35).toBeLessThan(1.05);
    expect(roundHalfUp(0.7 + 0.35, 1)).toBe(1.1);
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(18.75, 1)).toBe(18.8);
    expect(roundHalfUp(18.74, 1)).toBe(18.7);
  });

  it('passes at the pass mark exactly and fails just below it', () => {
    // service pass mark 80: accuracy 3/10 loses 30·7/10 = 21 → 79
    expect(scoreSession(service, withPoints(service, { accuracy: 3 }))).toMatchObject({ total: 79, passed: false });
    // greeting 0 (−10) and empathy 0 (−10) → exactly 80
    expect(scoreSession(service, withPoints(service, { greeting: 0, empathy: 0 }))).toMatchObject({ total: 80, passed: true });
  });

  it('fails the session on any failed critical item whatever the score', () => {
    const answers = fullMarks(service);
    answers.critical.promised_returns = 'fail';
    answers.critical.privacy_leak = 'fail';
    const r = scoreSession(service, answers);
    expect(r.total).toBe(100);
    expect(r.passed).toBe(false);
    expect(r.failedCritical).toEqual(['promised_returns', 'privacy_leak']);
  });

  it('rejects invalid answers, listing every problem', () => {
    const answers = fullMarks(service) as { points: Record<string, number>; critical: Record<string, string> };
    delete answers.points.greeting;
    answers.points.accuracy = 11;
    answers.points.compliance = 2.5;
    answers.points.speed = 3;
    answers.critical.missing_suitability_notice = 'maybe';
    answers.critical.made_up = 'pass';
    try {
      scoreSession(service, answers as ScoreAnswers);
      expect.unreachable('invalid answers must be rejected');
    } catch (err) {
      expect(err).toBeInstanceOf(AppFailure);
      const failure = err as AppFailure;
      expect(failure.code).toBe('BAD_REQUEST');
      const paths = (failure.details as { path: string }[]).map((i) => i.path);
      expect(paths).toEqual(['points.greeting', 'points.accuracy', 'points.compliance', 'points.speed', 'critical.missing_suitability_notice', 'critical.made_up']);
      expect(failure.message).toContain('whole number from 0 to 10, got 11');
      expect(failure.message).toContain('问候');
    }
  });

  it('rejects a missing critical verdict (a red line must be looked at, not assumed passed)', () => {
    const answers = fullMarks(service);
    delete answers.critical.privacy_leak;
    expect(() => scoreSession(service, answers)).toThrow(/critical item "privacy_leak" \(泄露客户隐私\) is not answered/);
  });
});
