/**
 * 质检: the reviewer's work. A branch reviewer sees the sampled sessions still to be scored; head office sees its
 * spot-check tasks, blind (session, agent, branch and card only: never the branch's score).
 */
import { EyeInvisibleOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BlindReviewTask } from '../../../shared/qa';
import { useStore } from '../store/context';
import { formatStamp, ReasonChips } from './labels';
import { localDay, presetRange } from './period';
import { mapLimited, queueFromSamples, type QueueItem } from './queue';
import { RangeControl, useRange } from './RangeControl';
import { SessionTable } from './SessionTable';
import { useLoad } from './useLoad';

interface Props {
  onOpen(sessionId: string): void;
  /** Changes whenever this reviewer submits a review, so the queue is re-read. */
  refreshKey: number;
  active: boolean;
}

export function QueuePanel(props: Props & { headOffice: boolean }) {
  return props.headOffice ? <SpotCheckQueue {...props} /> : <BranchQueue {...props} />;
}

type ReviewState = 'checking' | 'pending' | 'reviewed';

function BranchQueue({ onOpen, refreshKey, active }: Props) {
  const { api } = useStore();
  const { t, i18n } = useTranslation();
  const samples = useLoad(() => (active ? api.qaSamples({}) : null), [api, active, refreshKey]);
  const items = useMemo(() => queueFromSamples(samples.value ?? []), [samples.value]);
  const [status, setStatus] = useState<Record<string, ReviewState>>({});
  const [filter, setFilter] = useState<'pending' | 'reviewed' | 'all'>('pending');

  // Whether a session is reviewed at branch level is on its replay; read them a couple at a time.
  useEffect(() => {
    let cancelled = false;
    setStatus((prev) => Object.fromEntries(items.map((i) => [i.sessionId, prev[i.sessionId] ?? 'checking'])));
    void mapLimited(items, 2, async (item) => {
      const replay = await api.qaReplay({ conversationId: item.sessionId });
      if (cancelled || !replay.ok) return;
      const state: ReviewState = replay.value.branchReview ? 'reviewed' : 'pending';
      setStatus((prev) => ({ ...prev, [item.sessionId]: state }));
    });
    return () => {
      cancelled = true;
    };
  }, [api, items]);

  const counts = { pending: 0, reviewed: 0, checking: 0 };
  for (const item of items) counts[status[item.sessionId] ?? 'checking']++;
  const shown = items.filter((i) => filter === 'all' || (status[i.sessionId] ?? 'checking') === filter || (filter === 'pending' && status[i.sessionId] === 'checking'));

  return (
    <section className="ws-qa-panel ws-qa-scroll" data-testid="qa-queue">
      <div className="ws-qa-toolbar">
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={[
            { value: 'pending', label: t('qa.queue.pending', { count: counts.pending + counts.checking }) },
            { value: 'reviewed', label: t('qa.queue.reviewed', { count: counts.reviewed }) },
            { value: 'all', label: t('qa.queue.all', { count: items.length }) },
          ]}
          data-testid="queue-filter"
        />
        <Button onClick={samples.reload}>{t('qa.refresh')}</Button>
      </div>
      <SessionTable<QueueItem>
        rows={shown}
        state={samples.state}
        emptyText={t('qa.queue.empty')}
        rowData={(item) => ({ 'data-testid': `queue-item-${item.sessionId}`, 'data-status': status[item.sessionId] ?? 'checking' })}
        columns={[
          { title: t('qa.agent'), dataIndex: 'agentId' },
          { title: t('qa.sample.why'), render: (_, item) => <ReasonChips reasons={item.reasons} words={item.complaintWords} /> },
          { title: t('qa.queue.drawnAt'), dataIndex: 'drawnAt', render: (at: string) => formatStamp(at, i18n.language) },
          {
            title: t('qa.queue.status'),
            render: (_, item) => {
              const s = status[item.sessionId] ?? 'checking';
              return <Tag color={s === 'reviewed' ? 'success' : s === 'pending' ? 'processing' : 'default'}>{t(`qa.queue.state.${s}`)}</Tag>;
            },
          },
          {
            title: '',
            align: 'end',
            render: (_, item) => (
              <Button size="small" type={status[item.sessionId] === 'reviewed' ? 'link' : 'primary'} onClick={() => onOpen(item.sessionId)} data-testid={`review-${item.sessionId}`}>
                {status[item.sessionId] === 'reviewed' ? t('qa.openReplay') : t('qa.queue.review')}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}

/** A seed that stays the same all week, so the task list does not reshuffle between visits. */
const weeklySeed = () => `ho-${localDay(new Date(presetRange('week', new Date()).from))}`;

function SpotCheckQueue({ onOpen, refreshKey, active }: Props) {
  const { api } = useStore();
  const { t } = useTranslation();
  const { choice, setChoice, range } = useRange('week');
  const [seed, setSeed] = useState(weeklySeed);
  const [applied, setApplied] = useState(seed);
  const tasks = useLoad(() => (active && range && applied ? api.qaSpotChecks({ from: range.from, to: range.to, seed: applied }) : null), [api, active, range, applied, refreshKey]);
  const list = tasks.value ?? [];
  return (
    <section className="ws-qa-panel ws-qa-scroll" data-testid="qa-spotchecks">
      <div className="ws-qa-toolbar">
        <label className="ws-qa-field">
          <span className="ws-muted">{t('qa.sample.period')}</span>
          <RangeControl choice={choice} onChange={setChoice} testId="spot-range" />
        </label>
        <label className="ws-qa-field">
          <span className="ws-muted">{t('qa.sample.seed')}</span>
          <Input value={seed} onChange={(e) => setSeed(e.target.value)} onPressEnter={() => setApplied(seed.trim())} maxLength={100} className="ws-qa-seed" data-testid="spot-seed" />
        </label>
        <Button type="primary" onClick={() => (seed.trim() === applied ? tasks.reload() : setApplied(seed.trim()))} disabled={!seed.trim()} data-testid="spot-load">
          {t('qa.spot.load')}
        </Button>
      </div>
      <Alert type="info" showIcon icon={<EyeInvisibleOutlined />} title={t('qa.spot.blindHint')} className="ws-qa-hint" />
      <SessionTable<BlindReviewTask & { done: boolean }>
        rows={list}
        state={tasks.state}
        emptyText={t('qa.spot.empty')}
        rowData={(task) => ({ 'data-testid': `spot-task-${task.sessionId}`, 'data-done': task.done })}
        columns={[
          { title: t('qa.branch'), dataIndex: 'branchId' },
          { title: t('qa.agent'), dataIndex: 'agentId' },
          { title: t('qa.scorecard'), dataIndex: 'scorecardId' },
          { title: t('qa.queue.status'), render: (_, task) => <Tag color={task.done ? 'success' : 'processing'}>{task.done ? t('qa.spot.done') : t('qa.spot.todo')}</Tag> },
          {
            title: '',
            align: 'end',
            render: (_, task) => (
              <Button size="small" type={task.done ? 'link' : 'primary'} onClick={() => onOpen(task.sessionId)} data-testid={`spot-review-${task.sessionId}`}>
                {task.done ? t('qa.openReplay') : t('qa.spot.check')}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}
