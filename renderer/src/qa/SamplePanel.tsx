/**
 * 抽样: choose a plan, a period and a seed (shown and editable, so anyone can redraw the same sample), draw, and see
 * how many sessions were drawn and why each one is in the sample.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Select, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredSample } from '../../../shared/protocol/qa';
import { SAMPLE_REASONS, type SampleItem, type SamplingPlan } from '../../../shared/qa';
import { useStore } from '../store/context';
import { formatStamp, pickName, ReasonChip, ReasonChips } from './labels';
import { newSeed, rangeDays } from './period';
import { RangeControl, useRange } from './RangeControl';
import { SessionTable } from './SessionTable';
import { useLoad } from './useLoad';

export function SamplePanel({ plans, onOpen }: { plans: SamplingPlan[]; onOpen(sessionId: string): void }) {
  const { api } = useStore();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [planId, setPlanId] = useState(plans[0]?.id ?? '');
  const { choice, setChoice, range } = useRange('today');
  const [seed, setSeed] = useState(() => newSeed(new Date()));
  const [drawing, setDrawing] = useState(false);
  const [shown, setShown] = useState<StoredSample | null>(null);
  const history = useLoad(() => api.qaSamples({}), [api]);

  const draw = async () => {
    if (!range || !planId || !seed.trim()) return;
    setDrawing(true);
    const result = await api.qaDrawSample({ planId, from: range.from, to: range.to, seed: seed.trim() });
    setDrawing(false);
    if (!result.ok) return void message.error(t('qa.sample.drawFailed', { message: result.error.message }));
    setShown(result.value);
    history.reload();
  };

  const planName = (id: string) => {
    const plan = plans.find((p) => p.id === id);
    return plan ? pickName(plan.name, i18n.language) : id;
  };

  return (
    <section className="ws-qa-panel ws-qa-scroll" data-testid="qa-sample">
      <div className="ws-qa-toolbar">
        <label className="ws-qa-field">
          <span className="ws-muted">{t('qa.sample.plan')}</span>
          <Select
            value={planId}
            onChange={setPlanId}
            options={plans.map((p) => ({ value: p.id, label: pickName(p.name, i18n.language) }))}
            className="ws-qa-plan-select"
            data-testid="sample-plan"
          />
        </label>
        <label className="ws-qa-field">
          <span className="ws-muted">{t('qa.sample.period')}</span>
          <RangeControl choice={choice} onChange={setChoice} testId="sample-range" />
        </label>
        <label className="ws-qa-field">
          <span className="ws-muted">{t('qa.sample.seed')}</span>
          <Input
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            maxLength={100}
            className="ws-qa-seed"
            data-testid="sample-seed"
            suffix={
              <Tooltip title={t('qa.sample.newSeed')}>
                <Button type="text" size="small" icon={<ReloadOutlined />} onClick={() => setSeed(newSeed(new Date()))} aria-label={t('qa.sample.newSeed')} />
              </Tooltip>
            }
          />
        </label>
        <Button type="primary" onClick={() => void draw()} loading={drawing} disabled={!range || !seed.trim() || !planId} data-testid="sample-draw">
          {t('qa.sample.draw')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" className="ws-small ws-qa-hint">
        {t('qa.sample.seedHint')}
      </Typography.Paragraph>

      {shown ? <SampleResultView sample={shown} planName={planName(shown.planId)} onOpen={onOpen} /> : <Empty description={t('qa.sample.none')} />}

      <h3 className="ws-qa-subtitle">{t('qa.sample.history')}</h3>
      <Table<StoredSample>
        size="small"
        rowKey="id"
        loading={history.state.status === 'loading'}
        dataSource={history.value ?? []}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        columns={[
          { title: t('qa.sample.drawnAt'), dataIndex: 'drawnAt', render: (at: string) => formatStamp(at, i18n.language) },
          { title: t('qa.sample.plan'), dataIndex: 'planId', render: (id: string) => planName(id) },
          { title: t('qa.sample.seed'), dataIndex: 'seed', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
          { title: t('qa.sample.drawnCount'), render: (_, s) => `${s.result.drawn} / ${s.result.population}` },
          { title: t('qa.sample.drawnBy'), dataIndex: 'drawnBy' },
          {
            title: '',
            render: (_, s) => (
              <Button size="small" onClick={() => setShown(s)}>
                {t('qa.sample.show')}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}

function SampleResultView({ sample, planName, onOpen }: { sample: StoredSample; planName: string; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const { result } = sample;
  return (
    <div className="ws-qa-result" data-testid="sample-result" data-sample-id={sample.id}>
      <div className="ws-qa-result-head">
        <span className="ws-qa-big" data-testid="sample-drawn" data-drawn={result.drawn}>
          {t('qa.sample.drawnOf', { drawn: result.drawn, population: result.population })}
        </span>
        <span className="ws-muted ws-small">
          {planName} v{result.planVersion} · {t('qa.sample.seed')} <Typography.Text code copyable>{sample.seed}</Typography.Text> · {rangeDays({ from: sample.periodFrom, to: sample.periodTo }).label}
        </span>
      </div>
      <div className="ws-qa-chips" data-testid="sample-by-reason">
        {SAMPLE_REASONS.map((r) => (
          <ReasonChip key={r} reason={r} count={result.byReason[r]} />
        ))}
      </div>
      <SessionTable<SampleItem>
        rows={result.items}
        rowData={(item) => ({ 'data-testid': `sample-item-${item.sessionId}` })}
        columns={[
          { title: t('qa.agent'), dataIndex: 'agentId' },
          { title: t('qa.branch'), dataIndex: 'branchId' },
          { title: t('qa.sample.why'), render: (_, item) => <ReasonChips reasons={item.reasons} words={item.complaintWords} /> },
          {
            title: '',
            align: 'end',
            render: (_, item) => (
              <Button size="small" type="link" onClick={() => onOpen(item.sessionId)} data-testid={`open-replay-${item.sessionId}`}>
                {t('qa.openReplay')}
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}
