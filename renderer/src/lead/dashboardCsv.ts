/**
 * The dashboard's figures as CSV for Excel: one record per figure (section, metric, value, unit), in the UI language,
 * written with `toCsv` (formula-safe, RFC 4180) and a UTF-8 byte order mark so that Excel in zh-CN reads it as UTF-8.
 * Durations are in seconds and rates in percent, as plain numbers a spreadsheet can compute with.
 */
import type { Locale } from '../../../shared/ipc/contract';
import type { DashboardFigures } from '../../../shared/protocol/leads';
import { toCsv } from '../../../shared/stats';

export interface CsvRecord {
  section: string;
  metric: string;
  value: number | string | null;
  unit: string;
}

type Bi = { zh: string; en: string };
const L = {
  header: { section: { zh: '类别', en: 'Section' }, metric: { zh: '指标', en: 'Metric' }, value: { zh: '数值', en: 'Value' }, unit: { zh: '单位', en: 'Unit' } },
  scope: { zh: '统计范围', en: 'Scope' },
  range: { zh: '时间范围', en: 'Range' },
  since: { zh: '起始时间', en: 'Since' },
  ranges: { today: { zh: '今日', en: 'Today' }, '7d': { zh: '近7天', en: 'Last 7 days' }, '30d': { zh: '近30天', en: 'Last 30 days' } },
  volume: { zh: '会话量', en: 'Volume' },
  total: { zh: '总量', en: 'Total' },
  served: { zh: '已接待', en: 'Served' },
  abandoned: { zh: '排队放弃', en: 'Abandoned' },
  open: { zh: '进行中', en: 'Open' },
  byDay: { zh: '按日会话量', en: 'Volume by day' },
  bySkill: { zh: '按技能组会话量', en: 'Volume by skill group' },
  firstResponse: { zh: '首次响应时长', en: 'First response time' },
  resolution: { zh: '解决时长', en: 'Resolution time' },
  p50: { zh: '中位数 (P50)', en: 'Median (P50)' },
  p90: { zh: 'P90', en: 'P90' },
  samples: { zh: '样本数', en: 'Samples' },
  rates: { zh: '服务指标', en: 'Service rates' },
  sla: { zh: 'SLA 达成率', en: 'SLA attainment' },
  transfer: { zh: '转接率', en: 'Transfer rate' },
  escalation: { zh: '升级率', en: 'Escalation rate' },
  csat: { zh: '客户满意度', en: 'Customer satisfaction' },
  average: { zh: '平均分', en: 'Average' },
  responses: { zh: '评价数', en: 'Responses' },
  stars: { zh: '{n} 星', en: '{n} stars' },
  hot: { zh: '热点话题', en: 'Hot topics' },
  units: { seconds: { zh: '秒', en: 's' }, percent: { zh: '%', en: '%' }, count: { zh: '个', en: 'count' }, score: { zh: '分', en: 'points' } },
} as const;

const pick = (b: Bi, locale: Locale) => (locale === 'en' ? b.en : b.zh);
const oneDecimal = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10) / 10);
const percent = (rate: number | null) => (rate === null || !Number.isFinite(rate) ? null : Math.round(rate * 1000) / 10);

/** Every figure of the dashboard as a record; `skillName` turns a skill-group id into its name in the UI language. */
export function dashboardRecords(f: DashboardFigures, locale: Locale, skillName: (id: string) => string = (id) => id, branchId?: string | null): CsvRecord[] {
  const p = (b: Bi) => pick(b, locale);
  const u = L.units;
  const rows: CsvRecord[] = [];
  const add = (section: Bi, metric: string, value: CsvRecord['value'], unit: Bi | '') => rows.push({ section: p(section), metric, value, unit: unit ? p(unit) : '' });

  if (branchId) add(L.scope, p(L.scope), branchId, '');
  add(L.scope, p(L.range), p(L.ranges[f.range]), '');
  add(L.scope, p(L.since), f.since, '');
  add(L.volume, p(L.total), f.volumes.total, u.count);
  add(L.volume, p(L.served), f.volumes.served, u.count);
  add(L.volume, p(L.abandoned), f.volumes.abandoned, u.count);
  add(L.volume, p(L.open), f.volumes.open, u.count);
  for (const d of f.volumes.byDay) add(L.byDay, d.day, d.count, u.count);
  for (const g of f.volumes.bySkillGroup) add(L.bySkill, skillName(g.skillGroup), g.count, u.count);
  add(L.firstResponse, p(L.p50), oneDecimal(f.firstResponse.p50S), u.seconds);
  add(L.firstResponse, p(L.p90), oneDecimal(f.firstResponse.p90S), u.seconds);
  add(L.firstResponse, p(L.samples), f.firstResponse.samples, u.count);
  add(L.resolution, p(L.p50), oneDecimal(f.resolution.p50S), u.seconds);
  add(L.resolution, p(L.p90), oneDecimal(f.resolution.p90S), u.seconds);
  add(L.resolution, p(L.samples), f.resolution.samples, u.count);
  add(L.rates, p(L.sla), percent(f.slaAttainment), u.percent);
  add(L.rates, p(L.transfer), percent(f.transferRate), u.percent);
  add(L.rates, p(L.escalation), percent(f.escalationRate), u.percent);
  add(L.csat, p(L.average), f.csat.average === null ? null : Math.round(f.csat.average * 100) / 100, u.score);
  add(L.csat, p(L.responses), f.csat.responses, u.count);
  f.csat.distribution.forEach((count, i) => add(L.csat, p(L.stars).replace('{n}', String(i + 1)), count, u.count));
  for (const topic of f.hotTopics) add(L.hot, topic.term, topic.count, u.count);
  return rows;
}

/** The CSV file's text, BOM first (Excel), CRLF records, header in the UI language. */
export function dashboardCsv(f: DashboardFigures, locale: Locale, skillName?: (id: string) => string, branchId?: string | null): string {
  const h = L.header;
  return toCsv(
    dashboardRecords(f, locale, skillName, branchId),
    [
      { header: pick(h.section, locale), value: (r) => r.section },
      { header: pick(h.metric, locale), value: (r) => r.metric },
      { header: pick(h.value, locale), value: (r) => r.value },
      { header: pick(h.unit, locale), value: (r) => r.unit },
    ],
    { bom: true },
  );
}

/** A file name that sorts by date and says what it holds: 数据看板-BR-SH01-7d-2024-05-01.csv. */
export function dashboardFileName(f: Pick<DashboardFigures, 'range'>, locale: Locale, branchId: string | null | undefined, now: Date): string {
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const safeBranch = (branchId ?? 'branch').replace(/[^A-Za-z0-9_-]/g, '_');
  return `${locale === 'en' ? 'dashboard' : '数据看板'}-${safeBranch}-${f.range}-${date}.csv`;
}

/** Offers text as a file download through a Blob URL (works under the page's CSP; no data: URL, no server). */
export function downloadText(fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, so the download has its bytes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
