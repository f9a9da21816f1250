import { describe, expect, it } from 'vitest';
import type { Disagreement, QaReport } from '../../../shared/qa';
import { disagreementsCsv, reportCsv } from './csv';

const stats = (key: string, count: number, meanScore: number, passRate: number) => ({ key, count, meanScore, passRate, p50: meanScore, p90: meanScore });

const report: QaReport = {
  period: 'day',
  overall: stats('all', 3, 81.23, 2 / 3),
  byAgent: [{ ...stats('agent01', 2, 77.45, 0.5), label: '王晓雯' }, stats('agent02', 1, 90, 1)],
  byBranch: [stats('BR-SH01', 3, 81.23, 2 / 3)],
  byPeriod: [stats('2025-03-03', 3, 81.23, 2 / 3)],
  mostFailed: [
    { kind: 'critical', scorecardId: 'zh_service', id: 'promised_returns', name: { zh: '违规承诺收益', en: 'Promised returns' }, failures: 1, rate: 1 / 3 },
    { kind: 'criterion', scorecardId: 'zh_service', id: 'empathy', name: { zh: '共情', en: 'Empathy' }, failures: 1, rate: 1 / 3 },
  ],
  agreement: null,
};

const rows = (csv: string) => csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('QA CSV exports', () => {
  it('every export starts with a BOM for Excel', () => {
    for (const table of ['agent', 'branch', 'period', 'mostFailed'] as const) expect(reportCsv(report, table).startsWith('\uFEFF')).toBe(true);
    expect(disagreementsCsv([]).startsWith('\uFEFF')).toBe(true);
  });

  it('the agent table has one row per agent with the name, and pass rates as percentages', () => {
    const lines = rows(reportCsv(report, 'agent'));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('agent01,王晓雯,2,77.5,50,77.5,77.5');
    expect(lines[2]).toBe('agent02,,1,90,100,90,90');
  });

  it('most-failed rows name the item in both languages and say whether it is a red line', () => {
    const lines = rows(reportCsv(report, 'mostFailed'));
    expect(lines[1]).toBe('红线 Critical,zh_service,promised_returns,违规承诺收益 / Promised returns,1,33.3');
    expect(lines[2]).toMatch(/^评分项 Criterion,zh_service,empathy,/);
  });

  it('disagreement rows carry both verdicts, the gap and why they disagree; ids that look like formulas are neutralised', () => {
    const d: Disagreement = {
      sessionId: '=HYPERLINK("x")',
      branchId: 'BR-SH01',
      agentId: 'agent01',
      branch: { reviewerId: 'qa01', total: 100, passed: true },
      headOffice: { reviewerId: 'qa-hq', total: 70, passed: false },
      gap: 30,
      reasons: ['pass_fail', 'score_gap'],
    };
    const [, line] = rows(disagreementsCsv([d]));
    expect(line).toBe(`"'=HYPERLINK(""x"")",BR-SH01,agent01,qa01,100,合格 Pass,qa-hq,70,不合格 Fail,30,结论不一致 verdicts differ; 分差过大 score gap`);
  });
});
