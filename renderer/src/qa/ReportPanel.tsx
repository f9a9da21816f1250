/**
 * 报表: scores by agent, branch and period, pass rates, the most-failed criteria and red lines, and how well head
 * office agrees with the branches (percent agreement and Cohen's kappa), with charts and CSV export.
 */
import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Table, Tabs, Tag, Tooltip, theme } from 'antd';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedItem, Period, QaReport, ScoreStats } from '../../../shared/qa';
import { useStore } from '../store/context';
import { csvFileName, downloadCsv, reportCsv, type ReportTable } from './csv';
import { formatPercent, formatScore, pickName } from './labels';
import { EChart } from '../ui/EChart';
import { RangeControl, useRange } from './RangeControl';
import { headline, kappaBand, scoreChartOption, type ChartColors } from './reportView';
import { useLoad } from './useLoad';

export function ReportPanel({ active, refreshKey }: { active: boolean; refreshKey: number }) {
  const { api } = useStore();
  const { t } = useTranslation();
  const { choice, setChoice, range } = useRange('week');
  const [period, setPeriod] = useState<Period>('day');
  const report = useLoad(() => (active && range ? api.qaReport({ ...range, period }) : null), [api, active, range, period, refreshKey]);
  const value = report.value;

  return (
    <section className="ws-qa-panel ws-qa-scroll" data-testid="qa-report">
      <div className="ws-qa-toolbar">
        <RangeControl choice={choice} onChange={setChoice} testId="report-range" />
        <Segmented<Period>
          value={period}
          onChange={setPeriod}
          options={(['day', 'week', 'month'] as const).map((p) => ({ value: p, label: t(`qa.report.period.${p}`) }))}
          data-testid="report-period"
        />
        <Button onClick={report.reload}>{t('qa.refresh')}</Button>
      </div>
      {report.state.status === 'error' && <Alert type="error" showIcon title={report.state.error.message} />}
      {value && range && <ReportBody report={value} range={range} />}
    </section>
  );
}

function ReportBody({ report, range }: { report: QaReport; range: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const h = headline(report);
  const colors: ChartColors = useMemo(
    () => ({ text: token.colorTextSecondary, axis: token.colorBorder, split: token.colorBorderSecondary, bar: token.colorPrimary, line: token.colorSuccess, passMark: token.colorError }),
    [token],
  );
  const texts = useMemo(() => ({ meanScore: t('qa.report.meanScore'), passRate: t('qa.report.passRate') }), [t]);
  const agentOption = useMemo(() => scoreChartOption(report.byAgent, 'bar', texts, colors), [report, texts, colors]);
  const periodOption = useMemo(() => scoreChartOption(report.byPeriod, 'line', texts, colors), [report, texts, colors]);
  const [table, setTable] = useState<'agent' | 'branch' | 'period'>('agent');

  const kappaText =
    h.kappa === null ? (
      <Tooltip title={h.pairs > 0 ? t('qa.report.kappaUndefined') : t('qa.report.noPairs')}>
        <span>
          — <QuestionCircleOutlined className="ws-muted" />
        </span>
      </Tooltip>
    ) : (
      <span>
        {h.kappa.toFixed(2)} <span className="ws-muted ws-small">{t(`qa.report.kappaBand.${kappaBand(h.kappa)}`)}</span>
      </span>
    );

  return (
    <>
      <div className="ws-qa-stats" data-testid="report-headline">
        <Stat label={t('qa.report.reviewed')} value={h.reviewed} testId="stat-reviewed" />
        <Stat label={t('qa.report.meanScore')} value={h.meanScore === null ? '—' : formatScore(h.meanScore)} />
        <Stat label={t('qa.report.passRate')} value={h.passRate === null ? '—' : formatPercent(h.passRate)} testId="stat-pass-rate" />
        <Stat label={t('qa.report.pairs')} value={h.pairs} testId="stat-pairs" />
        <Stat label={t('qa.report.percentAgreement')} value={h.percentAgreement === null ? '—' : formatPercent(h.percentAgreement)} testId="stat-agreement" />
        <Stat label={t('qa.report.kappa')} value={kappaText} testId="stat-kappa" data={h.kappa === null ? '' : h.kappa.toFixed(3)} />
        <Stat label={t('qa.report.meanGap')} value={h.meanGap === null ? '—' : formatScore(h.meanGap)} />
      </div>

      {report.overall ? (
        <div className="ws-qa-charts">
          <figure className="ws-qa-figure">
            <figcaption>{t('qa.report.byAgentChart')}</figcaption>
            <EChart option={agentOption} testId="chart-agents" height={260} />
          </figure>
          <figure className="ws-qa-figure">
            <figcaption>{t('qa.report.byPeriodChart')}</figcaption>
            <EChart option={periodOption} testId="chart-periods" height={260} />
          </figure>
        </div>
      ) : (
        <Alert type="info" showIcon title={t('qa.report.empty')} className="ws-qa-hint" />
      )}

      <Tabs
        activeKey={table}
        onChange={(k) => setTable(k as typeof table)}
        tabBarExtraContent={<CsvButton table={table} report={report} range={range} />}
        items={(['agent', 'branch', 'period'] as const).map((k) => ({
          key: k,
          label: t(`qa.report.by.${k}`),
          children: <StatsTable rows={k === 'agent' ? report.byAgent : k === 'branch' ? report.byBranch : report.byPeriod} table={k} />,
        }))}
      />

      <div className="ws-qa-section-head">
        <h3 className="ws-qa-subtitle">{t('qa.report.mostFailed')}</h3>
        <CsvButton table="mostFailed" report={report} range={range} />
      </div>
      <Table<FailedItem>
        size="small"
        rowKey={(f) => `${f.kind}:${f.scorecardId}:${f.id}`}
        dataSource={report.mostFailed}
        pagination={false}
        locale={{ emptyText: t('qa.report.noFailures') }}
        columns={[
          { title: t('qa.report.item'), render: (_, f) => pickName(f.name, i18n.language) },
          { title: t('qa.report.kind'), render: (_, f) => <Tag color={f.kind === 'critical' ? 'red' : 'default'}>{t(`qa.report.kinds.${f.kind}`)}</Tag> },
          { title: t('qa.scorecard'), dataIndex: 'scorecardId' },
          { title: t('qa.report.failures'), dataIndex: 'failures', align: 'end' },
          { title: t('qa.report.failureRate'), dataIndex: 'rate', align: 'end', render: (r: number) => formatPercent(r) },
        ]}
      />
    </>
  );
}

function Stat({ label, value, testId, data }: { label: string; value: ReactNode; testId?: string; data?: string }) {
  return (
    <div className="ws-qa-stat" data-testid={testId} data-value={data}>
      <div className="ws-muted ws-small">{label}</div>
      <div className="ws-qa-stat-value">{value}</div>
    </div>
  );
}

function StatsTable({ rows, table }: { rows: ScoreStats[]; table: 'agent' | 'branch' | 'period' }) {
  const { t } = useTranslation();
  return (
    <Table<ScoreStats>
      size="small"
      rowKey="key"
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t('qa.report.empty') }}
      onRow={(r) => ({ 'data-testid': `report-${table}-${r.key}`, 'data-count': r.count, 'data-pass-rate': r.passRate }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t(`qa.report.keyHeader.${table}`),
          dataIndex: 'key',
          render: (key: string, r) =>
            r.label ? (
              <span>
                {r.label} <span className="ws-muted ws-small">{key}</span>
              </span>
            ) : (
              key
            ),
        },
        { title: t('qa.report.reviewed'), dataIndex: 'count', align: 'end' },
        { title: t('qa.report.meanScore'), dataIndex: 'meanScore', align: 'end', render: (n: number) => formatScore(Math.round(n * 10) / 10) },
        { title: t('qa.report.passRate'), dataIndex: 'passRate', align: 'end', render: (n: number) => formatPercent(n) },
        { title: 'P50', dataIndex: 'p50', align: 'end', render: (n: number) => formatScore(Math.round(n * 10) / 10) },
        { title: 'P90', dataIndex: 'p90', align: 'end', render: (n: number) => formatScore(Math.round(n * 10) / 10) },
      ]}
    />
  );
}

function CsvButton({ table, report, range }: { table: ReportTable; report: QaReport; range: { from: string; to: string } }) {
  const { t } = useTranslation();
  return (
    <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadCsv(csvFileName(table, range), reportCsv(report, table))} data-testid={`csv-${table}`}>
      {t('qa.report.csv')}
    </Button>
  );
}
