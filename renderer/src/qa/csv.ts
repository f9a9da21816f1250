/**
 * CSV exports of the QA report and the disagreement list, for Excel: UTF-8 with a byte order mark (so Excel in
 * zh-CN does not read it as GBK), bilingual headers, and the formula-injection guard of `toCsv`.
 */
import { roundHalfUp, scoreTableCsv, type Disagreement, type QaReport, type ScoreTable } from '../../../shared/qa';
import { toCsv } from '../../../shared/stats';
import { rangeDays, type IsoRange } from './period';

export type ReportTable = ScoreTable | 'mostFailed';

export function reportCsv(report: QaReport, table: ReportTable): string {
  if (table !== 'mostFailed') return scoreTableCsv(report, table, { bom: true });
  return toCsv(
    report.mostFailed,
    [
      { header: '类型 Kind', value: (f) => (f.kind === 'critical' ? '红线 Critical' : '评分项 Criterion') },
      { header: '质检表 Scorecard', value: (f) => f.scorecardId },
      { header: '编号 Id', value: (f) => f.id },
      { header: '名称 Name', value: (f) => `${f.name.zh} / ${f.name.en}` },
      { header: '未达标次数 Failures', value: (f) => f.failures },
      { header: '未达标率% Failure rate %', value: (f) => roundHalfUp(f.rate * 100, 1) },
    ],
    { bom: true },
  );
}

export function disagreementsCsv(list: readonly Disagreement[]): string {
  const verdict = (passed: boolean) => (passed ? '合格 Pass' : '不合格 Fail');
  return toCsv(
    list,
    [
      { header: '会话 Session', value: (d) => d.sessionId },
      { header: '营业部 Branch', value: (d) => d.branchId },
      { header: '坐席 Agent', value: (d) => d.agentId },
      { header: '营业部质检员 Branch reviewer', value: (d) => d.branch.reviewerId },
      { header: '营业部得分 Branch score', value: (d) => d.branch.total },
      { header: '营业部结论 Branch verdict', value: (d) => verdict(d.branch.passed) },
      { header: '总部质检员 Head-office reviewer', value: (d) => d.headOffice.reviewerId },
      { header: '总部得分 Head-office score', value: (d) => d.headOffice.total },
      { header: '总部结论 Head-office verdict', value: (d) => verdict(d.headOffice.passed) },
      { header: '分差 Gap', value: (d) => d.gap },
      { header: '原因 Reasons', value: (d) => d.reasons.map((r) => (r === 'pass_fail' ? '结论不一致 verdicts differ' : '分差过大 score gap')).join('; ') },
    ],
    { bom: true },
  );
}

/** "qa-agent-2025-03-03_2025-03-09.csv": what, and the local days the report covers. */
export function csvFileName(what: string, range: IsoRange): string {
  const { first, last } = rangeDays(range);
  return `qa-${what}-${first}_${last}.csv`;
}

/** Saves text as a file through the browser's download (a blob link; no Node, no bridge call). */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked on the next turn: revoking at once can cancel the download in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
