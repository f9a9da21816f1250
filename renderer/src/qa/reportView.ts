/** Pure pieces of the report tab: how to read kappa, and the chart options built from the report. */
import { roundHalfUp, type QaReport, type ScoreStats } from '../../../shared/qa';
import type { ChartOption } from '../ui/EChart';

/** Landis & Koch's reading of kappa, the usual one in QA calibration. */
export type KappaBand = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almostPerfect';

export function kappaBand(kappa: number): KappaBand {
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almostPerfect';
}

export interface ChartTexts {
  meanScore: string;
  passRate: string;
}

export interface ChartColors {
  text: string;
  axis: string;
  split: string;
  bar: string;
  line: string;
  passMark: string;
}

const one = (n: number) => roundHalfUp(n, 1);

/** Mean score as bars and pass rate (%) as a line on a second axis, one category per row of `rows`. */
export function scoreChartOption(rows: readonly ScoreStats[], kind: 'bar' | 'line', texts: ChartTexts, colors: ChartColors): ChartOption {
  const axisCommon = { axisLabel: { color: colors.text }, axisLine: { lineStyle: { color: colors.axis } }, splitLine: { lineStyle: { color: colors.split } } };
  return {
    animation: false,
    textStyle: { color: colors.text },
    grid: { left: 44, right: 44, top: 36, bottom: 28 },
    legend: { top: 0, textStyle: { color: colors.text }, data: [texts.meanScore, texts.passRate] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.label ?? r.key), ...axisCommon },
    yAxis: [
      { type: 'value', min: 0, max: 100, name: texts.meanScore, nameTextStyle: { color: colors.text }, ...axisCommon },
      { type: 'value', min: 0, max: 100, name: '%', nameTextStyle: { color: colors.text }, ...axisCommon, splitLine: { show: false } },
    ],
    series: [
      kind === 'bar'
        ? { type: 'bar', name: texts.meanScore, data: rows.map((r) => one(r.meanScore)), itemStyle: { color: colors.bar }, barMaxWidth: 36 }
        : { type: 'line', name: texts.meanScore, data: rows.map((r) => one(r.meanScore)), itemStyle: { color: colors.bar }, lineStyle: { color: colors.bar } },
      { type: 'line', name: texts.passRate, yAxisIndex: 1, data: rows.map((r) => one(r.passRate * 100)), itemStyle: { color: colors.line }, lineStyle: { color: colors.line } },
    ],
  };
}

/** The report's headline figures, for the cards at the top of the tab. */
export function headline(report: QaReport) {
  return {
    reviewed: report.overall?.count ?? 0,
    meanScore: report.overall ? one(report.overall.meanScore) : null,
    passRate: report.overall?.passRate ?? null,
    pairs: report.agreement?.pairs ?? 0,
    percentAgreement: report.agreement?.percentAgreement ?? null,
    kappa: report.agreement?.kappa.kappa ?? null,
    kappaUndefinedReason: report.agreement?.kappa.undefinedReason ?? null,
    meanGap: report.agreement ? one(report.agreement.meanAbsoluteGap) : null,
  };
}
