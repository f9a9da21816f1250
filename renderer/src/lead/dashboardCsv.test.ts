import { describe, expect, it } from 'vitest';
import type { DashboardFigures } from '../../../shared/protocol/leads';
import { dashboardCsv, dashboardFileName, dashboardRecords } from './dashboardCsv';

const figures: DashboardFigures = {
  range: '7d',
  since: '2024-04-24T16:00:00.000Z',
  volumes: {
    total: 12,
    served: 10,
    abandoned: 1,
    open: 2,
    byDay: [
      { day: '2024-04-25', count: 5 },
      { day: '2024-04-26', count: 7 },
    ],
    bySkillGroup: [
      { skillGroup: '开户', count: 8 },
      { skillGroup: '投诉', count: 4 },
    ],
  },
  firstResponse: { p50S: 12.34, p90S: 61.06, samples: 10 },
  resolution: { p50S: 300, p90S: null, samples: 1 },
  slaAttainment: 0.875,
  transferRate: 0.1,
  escalationRate: 1 / 3,
  csat: { average: 4.333333, responses: 3, distribution: [0, 0, 1, 0, 2] },
  hotTopics: [
    { term: '投诉', count: 4 },
    { term: '=HYPERLINK("x")', count: 1 },
  ],
};

/** Splits the CSV into records of cells (enough of RFC 4180 for these rows: quoted cells may hold commas and quotes). */
function parse(csv: string): string[][] {
  const records = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  return records.map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, 4).map((m) => m[1]!.replace(/^"(.*)"$/, '$1').replace(/""/g, '"')));
}

describe('dashboard CSV', () => {
  it('has one record per figure: durations in seconds, rates in percent, every day, group, star and topic', () => {
    const rows = dashboardRecords(figures, 'zh-CN', (id) => (id === '开户' ? '开户与账户' : id), 'BR-SH01');
    const value = (section: string, metric: string) => rows.find((r) => r.section === section && r.metric === metric)?.value;
    expect(value('统计范围', '统计范围')).toBe('BR-SH01');
    expect(value('统计范围', '时间范围')).toBe('近7天');
    expect(value('会话量', '总量')).toBe(12);
    expect(value('按日会话量', '2024-04-26')).toBe(7);
    expect(value('按技能组会话量', '开户与账户')).toBe(8);
    expect(value('首次响应时长', '中位数 (P50)')).toBe(12.3);
    expect(value('首次响应时长', 'P90')).toBe(61.1);
    expect(value('解决时长', 'P90')).toBeNull();
    expect(value('服务指标', 'SLA 达成率')).toBe(87.5);
    expect(value('服务指标', '升级率')).toBe(33.3);
    expect(value('客户满意度', '平均分')).toBe(4.33);
    expect(rows.filter((r) => r.section === '客户满意度' && r.metric.endsWith('星')).map((r) => r.value)).toEqual([0, 0, 1, 0, 2]);
    expect(value('热点话题', '投诉')).toBe(4);
  });

  it('writes UTF-8 with a BOM for Excel, CRLF records, a translated header, and defuses formulas', () => {
    const csv = dashboardCsv(figures, 'en');
    expect(csv.startsWith('\uFEFFSection,Metric,Value,Unit\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parse(csv);
    expect(records.find((r) => r[1] === 'Escalation rate')).toEqual(['Service rates', 'Escalation rate', '33.3', '%']);
    expect(records.find((r) => r[1] === 'P90' && r[0] === 'Resolution time')).toEqual(['Resolution time', 'P90', '', 's']);
    // A customer's text that looks like a formula is kept as text, never run by the spreadsheet.
    expect(records.find((r) => r[0] === 'Hot topics' && r[2] === '1')![1]).toBe(`'=HYPERLINK("x")`);
    expect(parse(dashboardCsv(figures, 'zh-CN'))[0]).toEqual(['类别', '指标', '数值', '单位']);
  });

  it('names the file by branch, range and local date', () => {
    const now = new Date(2024, 4, 1, 9, 30);
    expect(dashboardFileName(figures, 'zh-CN', 'BR-SH01', now)).toBe('数据看板-BR-SH01-7d-2024-05-01.csv');
    expect(dashboardFileName({ range: 'today' }, 'en', 'a/b', now)).toBe('dashboard-a_b-today-2024-05-01.csv');
  });
});
