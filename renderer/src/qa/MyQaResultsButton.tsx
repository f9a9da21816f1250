/**
 * For agents, in the deck header: a badge button opening a drawer with their published QA results (score, verdict,
 * reviewer notes), a read-only replay of the session, and an appeal form while the appeal window is open, with the
 * appeal's status and history. The badge counts results the agent can still appeal.
 */
import { AuditOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Drawer, Empty, Input, Modal, Spin, Tag, Timeline, Tooltip } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appealDeadline, canAppeal, type AppealCase, type AppealEvent, type QaReview, type ReviewPolicy, type Scorecard } from '../../../shared/qa';
import { formatDay, formatTime } from '../deck/format';
import { useApp, useStore } from '../store/context';
import { AppealTag, formatScore, pickName, VerdictTag } from './labels';
import { ReplayPanel } from './ReplayPanel';
import { useLoad } from './useLoad';
import './qa.css';

type MyResult = AppealCase & { review: QaReview | null };

const REFRESH_MS = 120_000;

export function MyQaResultsButton() {
  const { api } = useStore();
  const { t } = useTranslation();
  const userId = useApp((s) => s.user?.id);
  const online = useApp((s) => s.connection.state === 'online');
  const [open, setOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const results = useLoad(() => (online ? api.qaMyResults({}) : null), [api, online, open, tick]);
  const setup = useLoad(() => (online ? api.qaPlans({}) : null), [api, online]);
  const policy = setup.value?.review;

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const list = useMemo(() => [...(results.value ?? [])].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt)), [results.value]);
  const now = new Date().toISOString();
  const appealable = policy && userId ? list.filter((r) => canAppeal(r, userId, now, policy).allowed).length : 0;

  return (
    <>
      <Tooltip title={t('qa.mine.title')}>
        <Badge count={appealable} size="small" offset={[-4, 4]}>
          <Button type="text" icon={<AuditOutlined />} onClick={() => setOpen(true)} aria-label={t('qa.mine.title')} data-testid="my-qa-results" data-count={list.length}>
            <span className="ws-hide-narrow">{t('qa.mine.button')}</span>
          </Button>
        </Badge>
      </Tooltip>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('qa.mine.title')} size={560} destroyOnHidden data-testid="my-qa-drawer">
        {results.state.status === 'error' && <Alert type="error" showIcon title={results.state.error.message} action={<Button onClick={results.reload}>{t('qa.retry')}</Button>} />}
        {results.state.status === 'loading' && list.length === 0 && <Spin />}
        {results.state.status === 'ready' && list.length === 0 && <Empty description={t('qa.mine.none')} />}
        <div className="ws-qa-mine" data-testid="my-qa-list">
          {policy &&
            userId &&
            list.map((r) => <ResultCard key={r.sessionId} result={r} userId={userId} policy={policy} scorecards={setup.value?.scorecards ?? []} onChanged={results.reload} />)}
        </div>
      </Drawer>
    </>
  );
}

function ResultCard({ result, userId, policy, scorecards, onChanged }: { result: MyResult; userId: string; policy: ReviewPolicy; scorecards: Scorecard[]; onChanged(): void }) {
  const { api } = useStore();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [replayOpen, setReplayOpen] = useState(false);
  const [appealing, setAppealing] = useState(false);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const verdict = canAppeal(result, userId, new Date().toISOString(), policy);
  const deadline = appealDeadline(result, policy);
  const card = scorecards.find((c) => c.id === result.review?.scorecardId);
  const criticalName = (id: string) => {
    const item = card?.criticalItems.find((c) => c.id === id);
    return item ? pickName(item.name, i18n.language) : id;
  };

  const submit = async () => {
    if (!reason.trim()) return;
    setSending(true);
    const res = await api.qaAppeal({ conversationId: result.sessionId, reason: reason.trim() });
    setSending(false);
    if (!res.ok) return void message.error(t('qa.appeal.failed', { message: res.error.message }));
    message.success(t('qa.appeal.sent'));
    setAppealing(false);
    setReason('');
    onChanged();
  };

  return (
    <article className="ws-qa-mine-card" data-testid={`my-result-${result.sessionId}`} data-status={result.status} data-total={result.score.total} data-passed={result.score.passed}>
      <div className="ws-qa-total-line">
        <span className="ws-qa-big">{formatScore(result.score.total)}</span>
        <VerdictTag passed={result.score.passed} />
        <AppealTag status={result.status} />
        <span className="ws-qa-grow" />
        <Button size="small" onClick={() => setReplayOpen(true)} data-testid="my-result-replay">
          {t('qa.openReplay')}
        </Button>
      </div>
      <div className="ws-muted ws-small">
        <span className="ws-qa-mono">{result.sessionId}</span> · {t('qa.mine.published', { at: `${formatDay(result.publishedAt, i18n.language)} ${formatTime(result.publishedAt, i18n.language)}` })}
      </div>
      {result.review && result.review.result.failedCritical.length > 0 && (
        <div className="ws-qa-chips">
          {result.review.result.failedCritical.map((id) => (
            <Tag key={id} color="red" className="ws-tag">
              {t('qa.card.criticalFailed', { name: criticalName(id) })}
            </Tag>
          ))}
        </div>
      )}
      {result.review?.notes && (
        <p className="ws-qa-notes" data-testid="my-result-notes">
          <span className="ws-muted">{t('qa.mine.reviewerNotes', { reviewer: result.review.reviewerId })}: </span>
          {result.review.notes}
        </p>
      )}

      {verdict.allowed ? (
        appealing ? (
          <div className="ws-qa-appeal-form">
            <Input.TextArea autoFocus value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('qa.appeal.placeholder')} data-testid="appeal-reason" />
            <div className="ws-qa-comment-actions">
              <Button size="small" onClick={() => setAppealing(false)}>
                {t('qa.cancel')}
              </Button>
              <Button size="small" type="primary" disabled={!reason.trim()} loading={sending} onClick={() => void submit()} data-testid="appeal-submit">
                {t('qa.appeal.submit')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="ws-qa-total-line">
            <Button size="small" onClick={() => setAppealing(true)} data-testid="appeal-open">
              {t('qa.appeal.open')}
            </Button>
            <span className="ws-muted ws-small">{t('qa.appeal.deadline', { at: `${formatDay(deadline, i18n.language)} ${formatTime(deadline, i18n.language)}` })}</span>
          </div>
        )
      ) : (
        result.status === 'published' && <div className="ws-muted ws-small">{t(`qa.appeal.refused.${verdict.reason}`)}</div>
      )}

      {result.events.length > 1 && (
        <Timeline
          className="ws-qa-history"
          data-testid="appeal-history"
          items={result.events.map((e, i) => ({ key: i, color: eventColor(e), content: <EventLine event={e} /> }))}
        />
      )}

      <Modal open={replayOpen} onCancel={() => setReplayOpen(false)} footer={null} width="min(1180px, 96vw)" title={t('qa.mine.replayTitle')} destroyOnHidden>
        <div className="ws-qa-modal-replay">
          <ReplayPanel conversationId={result.sessionId} scorecards={scorecards} mode={{ kind: 'readonly' }} />
        </div>
      </Modal>
    </article>
  );
}

function eventColor(e: AppealEvent): string {
  return e.type === 'overturned' ? 'green' : e.type === 'upheld' ? 'gray' : e.type === 'appealed' ? 'orange' : 'blue';
}

function EventLine({ event: e }: { event: AppealEvent }) {
  const { t, i18n } = useTranslation();
  const when = `${formatDay(e.at, i18n.language)} ${formatTime(e.at, i18n.language)}`;
  let text: string;
  if (e.type === 'published') text = t('qa.appeal.event.published', { by: e.by, total: formatScore(e.score.total) });
  else if (e.type === 'appealed') text = t('qa.appeal.event.appealed', { reason: e.reason });
  else if (e.type === 'upheld') text = t('qa.appeal.event.upheld', { by: e.by, notes: e.notes });
  else text = t('qa.appeal.event.overturned', { by: e.by, notes: e.notes, from: formatScore(e.previousScore.total), to: formatScore(e.newScore.total) });
  return (
    <div data-testid={`appeal-event-${e.type}`}>
      <div className="ws-muted ws-small">{when}</div>
      <div>{text}</div>
    </div>
  );
}
