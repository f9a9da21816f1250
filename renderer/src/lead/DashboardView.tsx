/**
 * 数据看板: the branch's figures for today, 7 or 30 days — volume (by day and skill group), first response and
 * resolution times (P50/P90), SLA attainment, transfer and escalation rates, satisfaction with its distribution and
 * the customers' hot topics — with a CSV export of every figure for Excel.
 */
import { DownloadOutlined, ReloadOutlined, StarFilled } from '@ant-design/icons';
import { Button, Empty, Segmented, Spin, Tooltip, theme as antTheme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/ipc/contract';
import type { DashboardFigures, DashboardRange } from '../../../shared/protocol/leads';
import { formatTime } from '../deck/format';
import { skillLabel } from '../deck/labels';
import { useApp } from '../store/context';
import { EChart, type ChartOption } from '../ui/EChart';
import { dashboardCsv, dashboardFileName, downloadText } from './dashboardCsv';
import { LeadCard } from './LeadCard';
import { dailySeries, formatDuration, formatRate, RANGE_DAYS } from './format';
import { useDashboard } from './useLeadData';

const RANGES: readonly DashboardRange[] = ['today', '7d', '30d'];

export function DashboardView() {
  const { t, i18n } = useTranslation();
  const locale = useApp((s) => s.settings.locale);
  const branchId = useApp((s) => s.user?.branchId ?? null);
  const [range, setRange] = useState<DashboardRange>('today');
  const { figures, loading, refresh } = useDashboard(range);
  // When these figures arrived (they refresh themselves every half minute).
  const asOf = useMemo(() => (figures ? new Date().toISOString() : null), [figures]);

  const exportCsv = () => {
    if (!figures) return;
    downloadText(dashboardFileName(figures, locale, branchId, new Date()), dashboardCsv(figures, locale, (id) => skillLabel(t, id), branchId));
  };

  return (
    <div className="ws-lead-scroll" data-testid="dashboard" data-range={range} data-loaded={figures?.range === range || undefined}>
      <div className="ws-lead-toolbar">
        <Segmented<DashboardRange>
          value={range}
          onChange={setRange}
          options={RANGES.map((r) => ({ value: r, label: <span data-testid={`dashboard-range-${r}`}>{t(`lead.dashboard.range.${r}`)}</span> }))}
          aria-label={t('lead.dashboard.rangeLabel')}
        />
        <span className="ws-muted ws-small" data-testid="dashboard-as-of">
          {asOf ? t('lead.dashboard.asOf', { time: formatTime(asOf, i18n.language) }) : ''}
        </span>
        <span className="ws-lead-toolbar-spacer" />
        <Tooltip title={t('lead.dashboard.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={refresh} loading={loading} aria-label={t('lead.dashboard.refresh')} data-testid="dashboard-refresh" />
        </Tooltip>
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!figures} data-testid="dashboard-export">
          {t('lead.dashboard.export')}
        </Button>
      </div>
      {!figures ? (
        <div className="ws-center ws-lead-pad">{loading ? <Spin /> : <Empty description={t('lead.dashboard.none')} />}</div>
      ) : (
        <Figures figures={figures} locale={locale} />
      )}
    </div>
  );
}

function Kpi({ id, label, value, raw, sub }: { id: string; label: string; value: string; raw: number | null; sub?: string }) {
  return (
    <div className="ws-lead-kpi" data-testid={`kpi-${id}`} data-value={raw ?? ''}>
      <span className="ws-lead-kpi-label">{label}</span>
      <span className="ws-lead-kpi-value">{value}</span>
      {sub && <span className="ws-muted ws-small ws-lead-kpi-sub">{sub}</span>}
    </div>
  );
}

function Figures({ figures: f, locale }: { figures: DashboardFigures; locale: Locale }) {
  const { t } = useTranslation();
  const { token } = antTheme.useToken();
  const colors = useMemo(
    () => ({ text: token.colorTextSecondary, line: token.colorBorderSecondary, primary: token.colorPrimary, warning: token.colorWarning, success: token.colorSuccess }),
    [token],
  );
  const days = useMemo(() => dailySeries(f.volumes.byDay, f.since, RANGE_DAYS[f.range]), [f]);
  const axis = useMemo(
    () => ({
      axisLabel: { color: colors.text },
      axisLine: { lineStyle: { color: colors.line } },
      splitLine: { lineStyle: { color: colors.line } },
    }),
    [colors],
  );

  const dayOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      animation: false,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)), ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [{ type: 'bar', name: t('lead.dashboard.volume'), data: days.map((d) => d.count), itemStyle: { color: colors.primary }, barMaxWidth: 28 }],
    }),
    [days, axis, colors, t],
  );
  const skills = useMemo(() => [...f.volumes.bySkillGroup].reverse(), [f]);
  const skillOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      animation: false,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1, ...axis },
      yAxis: { type: 'category', data: skills.map((s) => skillLabel(t, s.skillGroup)), ...axis },
      series: [{ type: 'bar', name: t('lead.dashboard.volume'), data: skills.map((s) => s.count), itemStyle: { color: colors.primary }, barMaxWidth: 18 }],
    }),
    [skills, axis, colors, t],
  );
  const csatOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 32, right: 16, top: 16, bottom: 28 },
      animation: false,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [1, 2, 3, 4, 5].map((n) => t('lead.dashboard.stars', { count: n })), ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [{ type: 'bar', name: t('lead.dashboard.responses'), data: f.csat.distribution, itemStyle: { color: colors.warning }, barMaxWidth: 28 }],
    }),
    [f, axis, colors, t],
  );

  const v = f.volumes;
  const daysText = days.map((d) => `${d.day} ${d.count}`).join(', ');
  const maxTopic = Math.max(1, ...f.hotTopics.map((x) => x.count));
  return (
    <>
      <div className="ws-lead-kpis">
        <Kpi id="volume" label={t('lead.dashboard.volume')} value={String(v.total)} raw={v.total} sub={t('lead.dashboard.volumeSub', { served: v.served, abandoned: v.abandoned, open: v.open })} />
        <Kpi
          id="first-response"
          label={t('lead.dashboard.firstResponse')}
          value={formatDuration(f.firstResponse.p50S, locale)}
          raw={f.firstResponse.p50S}
          sub={t('lead.dashboard.p90', { time: formatDuration(f.firstResponse.p90S, locale), count: f.firstResponse.samples })}
        />
        <Kpi
          id="resolution"
          label={t('lead.dashboard.resolution')}
          value={formatDuration(f.resolution.p50S, locale)}
          raw={f.resolution.p50S}
          sub={t('lead.dashboard.p90', { time: formatDuration(f.resolution.p90S, locale), count: f.resolution.samples })}
        />
        <Kpi id="sla" label={t('lead.dashboard.sla')} value={formatRate(f.slaAttainment)} raw={f.slaAttainment} sub={t('lead.dashboard.slaSub')} />
        <Kpi id="transfer-rate" label={t('lead.dashboard.transferRate')} value={formatRate(f.transferRate)} raw={f.transferRate} sub={t('lead.dashboard.ofServed')} />
        <Kpi id="escalation-rate" label={t('lead.dashboard.escalationRate')} value={formatRate(f.escalationRate)} raw={f.escalationRate} sub={t('lead.dashboard.ofServed')} />
        <Kpi
          id="csat"
          label={t('lead.dashboard.csat')}
          value={f.csat.average === null ? '—' : f.csat.average.toFixed(2)}
          raw={f.csat.average}
          sub={t('lead.dashboard.csatSub', { count: f.csat.responses })}
        />
      </div>
      <div className="ws-lead-charts">
        <LeadCard title={t('lead.dashboard.byDay')} wide>
          <EChart option={dayOption} testId="chart-by-day" label={`${t('lead.dashboard.byDay')}: ${daysText}`} />
        </LeadCard>
        <LeadCard title={t('lead.dashboard.bySkill')}>
          {skills.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lead.dashboard.noData')} />
          ) : (
            <EChart option={skillOption} testId="chart-by-skill" label={`${t('lead.dashboard.bySkill')}: ${f.volumes.bySkillGroup.map((s) => `${skillLabel(t, s.skillGroup)} ${s.count}`).join(', ')}`} />
          )}
        </LeadCard>
        <LeadCard
          title={t('lead.dashboard.csatDistribution')}
          extra={
            <span className="ws-muted ws-small">
              <StarFilled className="ws-lead-star" /> {f.csat.average === null ? '—' : f.csat.average.toFixed(2)}
            </span>
          }
        >
          <EChart option={csatOption} testId="chart-csat" label={`${t('lead.dashboard.csatDistribution')}: ${f.csat.distribution.map((n, i) => `${i + 1}★ ${n}`).join(', ')}`} />
        </LeadCard>
        <LeadCard title={t('lead.dashboard.hotTopics')} titleId="lead-hot-title">
          {f.hotTopics.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lead.dashboard.noData')} />
          ) : (
            <ol className="ws-lead-topics" data-testid="hot-topics">
              {f.hotTopics.map((topic) => (
                <li key={topic.term} className="ws-lead-topic" data-testid="hot-topic" data-term={topic.term} data-count={topic.count}>
                  <span className="ws-lead-topic-term">{topic.term}</span>
                  <span className="ws-lead-topic-bar" aria-hidden>
                    <span style={{ width: `${(topic.count / maxTopic) * 100}%` }} />
                  </span>
                  <span className="ws-lead-topic-count">{topic.count}</span>
                </li>
              ))}
            </ol>
          )}
        </LeadCard>
      </div>
    </>
  );
}
