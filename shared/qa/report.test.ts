import { describe, expect, it } from 'vitest';
import { decideAppeal, fileAppeal, publishResult } from './appeal';
import { handCard, review } from './fixtures.test-helpers';
import { buildQaReport, scoreTableCsv } from './report';

// handCard: total = 6 × knowledge + 4 × manner, pass mark 80, a criterion is met at ≥ 6/10.
const march = '2025-03-03T10:00:00+08:00';
const april = '2025-04-01T10:00:00+08:00';
const branch = [
  review({ sessionId: 's1', agentId: 'a1', branchId: 'b1', knowledge: 10, manner: 10, sessionEndedAt: march }), // 100 pass
  review({ sessionId: 's2', agentId: 'a1', branchId: 'b1', knowledge: 5, manner: 10, sessionEndedAt: march }), //  70 fail, knowledge unmet
  review({ sessionId: 's3', agentId: 'a2', branchId: 'b1', knowledge: 10, manner: 5, sessionEndedAt: march }), //  80 pass, manner unmet
  review({ sessionId: 's4', agentId: 'a3', branchId: 'b2', knowledge: 10, manner: 10, critical: 'fail', sessionEndedAt: april }), // 100 fail
  review({ sessionId: 's5', agentId: 'a3', branchId: 'b2', knowledge: 9, manner: 6, sessionEndedAt: april }), //  78 fail
];
const headOffice = [
  review({ sessionId: 's1', level: 'head_office', knowledge: 10, manner: 10 }), // pass (agrees)
  review({ sessionId: 's2', level: 'head_office', knowledge: 5, manner: 10 }), //  fail (agrees)
  review({ sessionId: 's3', level: 'head_office', knowledge: 8, manner: 8 }), //   pass (agrees)
  review({ sessionId: 's4', level: 'head_office', knowledge: 10, manner: 10 }), // pass (branch: fail)
  review({ sessionId: 's5', level: 'head_office', knowledge: 10, manner: 10 }), // pass (branch: fail)
  review({ sessionId: 's9', level: 'head_office', knowledge: 10, manner: 10 }), // no branch review
];

describe('buildQaReport', () => {
  const report = buildQaReport({ reviews: [...branch, ...headOffice], scorecards: [handCard], period: 'month' });

  it('summarises all branch reviews', () => {
    // totals 100, 70, 80, 100, 78 → mean 428/5 = 85.6; 2 of 5 pass; sorted 70 78 80 100 100:
    // p50 → h = 2 → 80; p90 → h = 3.6 → 100 + 0.6·(100 − 100) = 100
    expect(report.overall).toEqual({ key: 'all', count: 5, meanScore: expect.closeTo(85.6, 10), passRate: 0.4, p50: 80, p90: 100 });
  });

  it('groups by agent', () => {
    // a1: 100, 70 → mean 85, pass 1/2, p50 85, p90 = 70 + 0.9·30 = 97; a3: 100, 78 → mean 89, pass 0, p90 = 78 + 0.9·22 = 97.8
    expect(report.byAgent.map((s) => s.key)).toEqual(['a1', 'a2', 'a3']);
    expect(report.byAgent[0]).toMatchObject({ count: 2, meanScore: 85, passRate: 0.5, p50: 85 });
    expect(report.byAgent[0]?.p90).toBeCloseTo(97, 10);
    expect(report.byAgent[1]).toMatchObject({ count: 1, meanScore: 80, passRate: 1, p50: 80, p90: 80 });
    expect(report.byAgent[2]).toMatchObject({ count: 2, meanScore: 89, passRate: 0 });
    expect(report.byAgent[2]?.p90).toBeCloseTo(97.8, 10);
  });

  it('groups by branch and by the period the session ended in', () => {
    // b1: 100, 70, 80 → mean 83.33…, pass 2/3, p90 → h = 1.8 → 80 + 0.8·20 = 96
    expect(report.byBranch.map((s) => [s.key, s.count])).toEqual([['b1', 3], ['b2', 2]]);
    expect(report.byBranch[0]?.meanScore).toBeCloseTo(250 / 3, 10);
    expect(report.byBranch[0]?.passRate).toBeCloseTo(2 / 3, 10);
    expect(report.byBranch[0]?.p90).toBeCloseTo(96, 10);
    expect(report.byPeriod.map((s) => [s.key, s.count])).toEqual([['2025-03', 3], ['2025-04', 2]]);
  });

  it('ranks the most-failed items, critical ones first on a tie', () => {
    // knowledge unmet once (s2), manner once (s3), promised_returns failed once (s4); each 1 of 5 reviews
    expect(report.mostFailed.map((f) => [f.kind, f.id, f.failures, f.rate, f.name.zh])).toEqual([
      ['critical', 'promised_returns', 1, 0.2, '违规承诺收益'],
      ['criterion', 'knowledge', 1, 0.2, '业务知识'],
      ['criterion', 'manner', 1, 0.2, '服务态度'],
    ]);
  });

  it('measures head office against branch agreement on pass/fail', () => {
    // pairs s1..s5: branch P F P F F, head office P F P P P → po = 3/5 = 0.6
    // branch P 2, F 3; head office P 4, F 1 → pe = (2·4 + 3·1)/25 = 11/25 = 0.44
    // κ = (0.6 − 0.44)/(1 − 0.44) = 0.16/0.56 = 2/7; mean |gap| = (0+0+0+0+22)/5 = 4.4 (s5: 100 vs 78)
    expect(report.agreement).toMatchObject({ pairs: 5, unmatched: 1, percentAgreement: 0.6 });
    expect(report.agreement?.kappa.expected).toBeCloseTo(0.44, 12);
    expect(report.agreement?.kappa.kappa).toBeCloseTo(2 / 7, 12);
    expect(report.agreement?.meanAbsoluteGap).toBeCloseTo(4.4, 12);
  });

  it('uses the overturned score of an appeal', () => {
    const published = publishResult({ sessionId: 's2', agentId: 'a1', branchId: 'b1', score: { total: 70, passed: false }, at: march, by: 'br1' });
    const appealed = fileAppeal(published, { agentId: 'a1', reason: '知识点已解答', at: '2025-03-04T10:00:00+08:00' }, { appealWindowDays: 3 });
    const overturned = decideAppeal(appealed, { userId: 'lead', role: 'branch_lead', branchId: 'b1' }, { decision: 'overturn', notes: '改判', newScore: { total: 85, passed: true } }, '2025-03-05T10:00:00+08:00');
    const withAppeal = buildQaReport({ reviews: branch, scorecards: [handCard], period: 'month', appeals: [overturned] });
    expect(withAppeal.byAgent[0]).toMatchObject({ key: 'a1', meanScore: 92.5, passRate: 1 });
  });

  it('is empty, not wrong, without reviews', () => {
    expect(buildQaReport({ reviews: [], scorecards: [handCard], period: 'week' })).toEqual({
      period: 'week',
      overall: null,
      byAgent: [],
      byBranch: [],
      byPeriod: [],
      mostFailed: [],
      agreement: null,
    });
  });

  it('exports a score table as CSV with bilingual headers', () => {
    // b1: mean 83.33… → 83.3, pass 66.66…% → 66.7, p50 80, p90 96; b2: 89, 0 %, 89, 97.8
    expect(scoreTableCsv(report, 'branch', { bom: true })).toBe(
      '\uFEFF营业部 Branch,名称 Name,质检数 Reviewed,平均分 Mean,合格率% Pass rate %,P50,P90\r\n' + 'b1,,3,83.3,66.7,80,96\r\n' + 'b2,,2,89,0,89,97.8\r\n',
    );
  });

  it('names agents and branches where names are given, in the rows and the CSV', () => {
    const named = buildQaReport({
      reviews: [...branch, ...headOffice],
      scorecards: [handCard],
      period: 'month',
      names: { agents: { a1: '王晓雯', a3: 'a3' }, branches: { b2: '北京朝阳营业部' } },
    });
    expect(named.byAgent.map((s) => s.label)).toEqual(['王晓雯', undefined, undefined]);
    expect(named.byBranch.map((s) => s.label)).toEqual([undefined, '北京朝阳营业部']);
    expect(scoreTableCsv(named, 'branch').split('\r\n')[2]).toBe('b2,北京朝阳营业部,2,89,0,89,97.8');
    expect(scoreTableCsv(named, 'period').split('\r\n')[0]).not.toContain('Name');
  });
});
