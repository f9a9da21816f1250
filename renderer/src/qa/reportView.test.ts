import { describe, expect, it } from 'vitest';
import type { QaReport } from '../../../shared/qa';
import { headline, kappaBand, scoreChartOption } from './reportView';

const colors = { text: '#000', axis: '#999', split: '#eee', bar: '#1f6feb', line: '#52c41a', passMark: '#f00' };

describe('report view helpers', () => {
  it('reads kappa on the Landis & Koch scale, boundaries included in the lower band', () => {
    expect([-0.1, 0, 0.2, 0.21, 0.4, 0.6, 0.8, 0.81, 1].map(kappaBand)).toEqual(['poor', 'slight', 'slight', 'fair', 'fair', 'moderate', 'substantial', 'almostPerfect', 'almostPerfect']);
  });

  it('charts mean score and pass rate per row, rounded to one decimal, pass rate in percent', () => {
    const option = scoreChartOption(
      [
        { key: 'agent01', count: 3, meanScore: 81.26, passRate: 2 / 3, p50: 80, p90: 90 },
        { key: 'agent02', count: 1, meanScore: 70, passRate: 0, p50: 70, p90: 70 },
      ],
      'bar',
      { meanScore: '平均分', passRate: '合格率' },
      colors,
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['agent01', 'agent02']);
    const series = option.series as { type: string; data: number[]; yAxisIndex?: number }[];
    expect(series[0]).toMatchObject({ type: 'bar', data: [81.3, 70] });
    expect(series[1]).toMatchObject({ type: 'line', yAxisIndex: 1, data: [66.7, 0] });
  });

  it('headline figures say when there is nothing to compare, and why kappa is missing', () => {
    const empty: QaReport = { period: 'day', overall: null, byAgent: [], byBranch: [], byPeriod: [], mostFailed: [], agreement: null };
    expect(headline(empty)).toMatchObject({ reviewed: 0, meanScore: null, passRate: null, pairs: 0, percentAgreement: null, kappa: null });
    const agreed: QaReport = {
      ...empty,
      overall: { key: 'all', count: 2, meanScore: 92.55, passRate: 1, p50: 92, p90: 95 },
      agreement: { pairs: 2, unmatched: 0, percentAgreement: 1, kappa: { kappa: null, observed: 1, expected: 1, n: 2, undefinedReason: 'single_shared_category' }, meanAbsoluteGap: 4.25 },
    };
    expect(headline(agreed)).toMatchObject({ reviewed: 2, meanScore: 92.6, passRate: 1, pairs: 2, percentAgreement: 1, kappa: null, kappaUndefinedReason: 'single_shared_category', meanGap: 4.3 });
  });
});
