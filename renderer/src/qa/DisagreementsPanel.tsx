/** 分歧: spot-checked sessions where head office and the branch disagree (verdict, or a large score gap). */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Disagreement, ReviewPolicy } from '../../../shared/qa';
import { useStore } from '../store/context';
import { csvFileName, disagreementsCsv, downloadCsv } from './csv';
import { formatScore, VerdictTag } from './labels';
import { RangeControl, useRange } from './RangeControl';
import { SessionTable } from './SessionTable';
import { useLoad } from './useLoad';

export function DisagreementsPanel({ policy, onOpen, active, refreshKey }: { policy: ReviewPolicy; onOpen(id: string): void; active: boolean; refreshKey: number }) {
  const { api } = useStore();
  const { t } = useTranslation();
  const { choice, setChoice, range } = useRange('week');
  const list = useLoad(() => (active && range ? api.qaDisagreements(range) : null), [api, active, range, refreshKey]);
  const rows = list.value ?? [];
  return (
    <section className="ws-qa-panel ws-qa-scroll" data-testid="qa-disagreements">
      <div className="ws-qa-toolbar">
        <RangeControl choice={choice} onChange={setChoice} testId="disagreement-range" />
        <Button icon={<DownloadOutlined />} disabled={rows.length === 0 || !range} onClick={() => range && downloadCsv(csvFileName('disagreements', range), disagreementsCsv(rows))} data-testid="disagreements-csv">
          {t('qa.report.csv')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" className="ws-small ws-qa-hint">
        {t('qa.disagreements.hint', { threshold: policy.disagreementThreshold })}
      </Typography.Paragraph>
      <SessionTable<Disagreement>
        rows={rows}
        state={list.state}
        emptyText={t('qa.disagreements.empty')}
        rowData={(d) => ({ 'data-testid': `disagreement-${d.sessionId}` })}
        columns={[
          { title: t('qa.branch'), dataIndex: 'branchId' },
          { title: t('qa.agent'), dataIndex: 'agentId' },
          { title: t('qa.level.branchShort'), render: (_, d) => <ReviewCell review={d.branch} /> },
          { title: t('qa.level.headOfficeShort'), render: (_, d) => <ReviewCell review={d.headOffice} /> },
          { title: t('qa.disagreements.gap'), dataIndex: 'gap', render: (gap: number) => formatScore(gap) },
          {
            title: t('qa.disagreements.why'),
            render: (_, d) => (
              <span className="ws-qa-chips">
                {d.reasons.map((r) => (
                  <Tag key={r} color={r === 'pass_fail' ? 'red' : 'orange'} className="ws-tag">
                    {t(`qa.disagreements.reasons.${r}`)}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: '',
            align: 'end',
            render: (_, d) => (
              <Button size="small" type="link" onClick={() => onOpen(d.sessionId)}>
                {t('qa.openReplay')}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}

/** One level's review of the session: score, verdict, reviewer. */
function ReviewCell({ review }: { review: Disagreement['branch'] }) {
  return (
    <span className="ws-nowrap">
      {formatScore(review.total)} <VerdictTag passed={review.passed} /> <span className="ws-muted ws-small">{review.reviewerId}</span>
    </span>
  );
}
