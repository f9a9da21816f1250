/**
 * 回放: the whole masked conversation with day separators, a timeline column (lifecycle, compliance warnings, product
 * pushes and confirmations, transfers, escalations) and, for reviewers, the scorecard. Clicking a message pins a
 * comment to it. Agents get the same replay of their own session read-only, with their published result.
 */
import { PushpinOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Input, Spin, Tag, Timeline, Tooltip } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/protocol/hub';
import type { ReplayView } from '../../../shared/protocol/qa';
import type { QaReview, ReviewLevel, Scorecard } from '../../../shared/qa';
import { complianceRule } from '../compliance/engine';
import { stateLabel } from '../deck/labels';
import { formatDay, formatTime } from '../deck/format';
import { useStore } from '../store/context';
import { AppealTag, formatScore, pickName, ReasonChips, VerdictTag } from './labels';
import { ReviewSummary } from './ReviewSummary';
import { ScorecardForm } from './ScorecardForm';
import { buildTimeline, commentsBySeq, groupByDay, type TimelineEntry } from './timeline';
import { useLoad } from './useLoad';

type Mode = { kind: 'review'; level: ReviewLevel; onReviewed(review: QaReview): void } | { kind: 'readonly' };

export function ReplayPanel({ conversationId, scorecards, mode }: { conversationId: string | null; scorecards: readonly Scorecard[]; mode: Mode }) {
  const { api } = useStore();
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const replay = useLoad(() => (conversationId ? api.qaReplay({ conversationId }) : null), [api, conversationId, version]);
  const reload = () => setVersion((v) => v + 1);

  if (!conversationId) return <Empty className="ws-qa-empty" description={t('qa.replay.choose')} />;
  if (replay.state.status === 'error') return <Alert type="error" showIcon title={t('qa.replay.failed')} description={replay.state.error.message} action={<Button onClick={replay.reload}>{t('qa.retry')}</Button>} />;
  const view = replay.value?.conversationId === conversationId ? replay.value : undefined;
  if (!view) return <Spin className="ws-qa-empty" />;

  return (
    <div className={`ws-qa-replay${mode.kind === 'readonly' ? ' ws-qa-replay-readonly' : ''}`} data-testid="replay" data-conversation-id={view.conversationId}>
      <ReplayHeader view={view} />
      <ReplayMessages view={view} canComment={mode.kind === 'review'} onCommented={reload} />
      <ReplayTimeline view={view} />
      <aside className="ws-qa-side">
        {mode.kind === 'review' ? (
          <>
            <ScorecardForm
              key={`${view.conversationId}:${(mode.level === 'branch' ? view.branchReview : view.headOfficeReview)?.reviewedAt ?? 'new'}`}
              replay={view}
              scorecards={scorecards}
              level={mode.level}
              onSubmitted={(review) => {
                reload();
                mode.onReviewed(review);
              }}
            />
            <Comparison view={view} level={mode.level} />
          </>
        ) : view.branchReview ? (
          <>
            {view.appeal?.status === 'overturned' && (
              <Alert
                type="success"
                showIcon
                className="ws-qa-hint"
                data-testid="replay-overturned"
                title={t('qa.replay.overturned', { total: formatScore(view.appeal.score.total), verdict: t(`qa.verdict.${view.appeal.score.passed ? 'pass' : 'fail'}`) })}
              />
            )}
            <ReviewSummary review={view.branchReview} scorecards={scorecards} testId="replay-result" />
          </>
        ) : (
          <Empty description={t('qa.replay.noResult')} />
        )}
      </aside>
    </div>
  );
}

function ReplayHeader({ view }: { view: ReplayView }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="ws-qa-replay-head">
      <span className="ws-qa-replay-title">{view.customerName}</span>
      <span className="ws-muted ws-small ws-qa-mono">{view.conversationId}</span>
      <span className="ws-small">{t('qa.replay.servedBy', { agent: view.agentId ?? '—', branch: view.branchId ?? '—' })}</span>
      <span className="ws-muted ws-small">
        {formatDay(view.createdAt, i18n.language)} {formatTime(view.createdAt, i18n.language)}
        {view.closedAt && ` – ${formatTime(view.closedAt, i18n.language)}`}
      </span>
      {view.csat && (
        <Tooltip title={view.csat.comment ?? undefined}>
          <Tag color={view.csat.score <= 2 ? 'orange' : 'default'} className="ws-tag" data-testid="replay-csat">
            {t('qa.replay.csat', { score: view.csat.score })}
          </Tag>
        </Tooltip>
      )}
      {view.sampleReasons.length > 0 && <ReasonChips reasons={view.sampleReasons} />}
      {view.appeal && <AppealTag status={view.appeal.status} />}
    </div>
  );
}

function ReplayMessages({ view, canComment, onCommented }: { view: ReplayView; canComment: boolean; onCommented(): void }) {
  const { t, i18n } = useTranslation();
  const days = useMemo(() => groupByDay(view.messages), [view.messages]);
  const comments = useMemo(() => commentsBySeq(view.comments), [view.comments]);
  const [pinning, setPinning] = useState<number | null>(null);
  return (
    <div className="ws-qa-messages" data-testid="replay-messages">
      {canComment && <div className="ws-muted ws-small ws-qa-hint">{t('qa.replay.commentHint')}</div>}
      {days.map((day) => (
        <div key={day.day}>
          <div className="ws-day-separator" data-testid="replay-day">
            <span>{formatDay(day.items[0]!.at, i18n.language)}</span>
          </div>
          {day.items.map((m) => (
            <ReplayMessage
              key={m.seq}
              message={m}
              comments={comments.get(m.seq) ?? []}
              pinning={pinning === m.seq}
              onPin={canComment ? () => setPinning(pinning === m.seq ? null : m.seq) : undefined}
              onCommented={() => {
                setPinning(null);
                onCommented();
              }}
              conversationId={view.conversationId}
            />
          ))}
        </div>
      ))}
      {view.messages.length === 0 && <Empty description={t('qa.replay.noMessages')} />}
    </div>
  );
}

function ReplayMessage(props: {
  message: Message;
  comments: ReplayView['comments'];
  pinning: boolean;
  onPin?: () => void;
  onCommented(): void;
  conversationId: string;
}) {
  const { message: m, comments, pinning, onPin } = props;
  const { t, i18n } = useTranslation();
  const side = m.senderKind === 'customer' ? 'left' : m.senderKind === 'system' || m.senderKind === 'bot' ? 'center' : 'right';
  return (
    <div className={`ws-qa-msg ws-qa-msg-${side}${pinning ? ' ws-qa-msg-pinning' : ''}`} data-testid={`replay-message-${m.seq}`} data-sender={m.senderKind}>
      <div className="ws-qa-msg-meta ws-small ws-muted">
        {m.senderName} · {formatTime(m.at, i18n.language)}
        {m.kind === 'card' && <Tag className="ws-tag ws-qa-kind">{t('qa.replay.card')}</Tag>}
        {m.kind === 'whisper' && <Tag color="purple" className="ws-tag ws-qa-kind">{t('qa.replay.whisper')}</Tag>}
      </div>
      <div
        className={`ws-qa-bubble${onPin ? ' ws-qa-bubble-clickable' : ''}`}
        onClick={onPin}
        role={onPin ? 'button' : undefined}
        tabIndex={onPin ? 0 : undefined}
        onKeyDown={onPin ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onPin()) : undefined}
        aria-label={onPin ? t('qa.replay.pinHere') : undefined}
      >
        {m.text}
      </div>
      {comments.map((c) => (
        <div key={c.id} className="ws-qa-comment" data-testid="replay-comment">
          <PushpinOutlined /> <span>{c.text}</span>
          <span className="ws-muted ws-small">
            {' '}
            · {c.authorId} {formatTime(c.at, i18n.language)}
          </span>
        </div>
      ))}
      {pinning && <CommentForm conversationId={props.conversationId} seq={m.seq} onDone={props.onCommented} onCancel={onPin!} />}
    </div>
  );
}

function CommentForm({ conversationId, seq, onDone, onCancel }: { conversationId: string; seq: number; onDone(): void; onCancel(): void }) {
  const { api } = useStore();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (!text.trim()) return;
    setSaving(true);
    const result = await api.qaComment({ conversationId, messageSeq: seq, text: text.trim() });
    setSaving(false);
    if (!result.ok) return void message.error(t('qa.replay.commentFailed', { message: result.error.message }));
    onDone();
  };
  return (
    <div className="ws-qa-comment-form" data-testid="comment-form">
      <Input.TextArea autoFocus value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('qa.replay.commentPlaceholder')} data-testid="comment-input" />
      <div className="ws-qa-comment-actions">
        <Button size="small" onClick={onCancel}>
          {t('qa.cancel')}
        </Button>
        <Button size="small" type="primary" disabled={!text.trim()} loading={saving} onClick={() => void save()} data-testid="comment-save">
          {t('qa.replay.pin')}
        </Button>
      </div>
    </div>
  );
}

function ReplayTimeline({ view }: { view: ReplayView }) {
  const { t, i18n } = useTranslation();
  const entries = useMemo(() => buildTimeline(view), [view]);
  return (
    <div className="ws-qa-timeline" data-testid="replay-timeline">
      <h4 className="ws-qa-card-section">{t('qa.replay.timeline')}</h4>
      <Timeline
        items={entries.map((e, i) => ({
          key: `${e.kind}-${i}`,
          color: entryColor(e),
          content: (
            <div className="ws-qa-tl-entry" data-testid={`timeline-${e.kind}`} data-detail={e.kind === 'compliance' ? e.action : e.kind === 'transition' ? e.to : e.kind === 'push' ? e.decision : e.productCode}>
              <div className="ws-muted ws-small">{formatTime(e.at, i18n.language)}</div>
              <EntryText entry={e} />
            </div>
          ),
        }))}
      />
      {view.csat && <div className="ws-small">{t('qa.replay.csatLine', { score: view.csat.score, comment: view.csat.comment ?? '' })}</div>}
    </div>
  );
}

function entryColor(e: TimelineEntry): string {
  if (e.kind === 'transition') return e.emphasis === 'escalation' ? 'red' : e.emphasis === 'transfer' ? 'purple' : 'blue';
  if (e.kind === 'compliance') return e.action === 'block' ? 'red' : e.action === 'ack' ? 'green' : 'orange';
  if (e.kind === 'confirmation') return 'green';
  return e.decision === 'deny' ? 'red' : e.decision === 'confirm' ? 'orange' : 'blue';
}

function EntryText({ entry: e }: { entry: TimelineEntry }): ReactNode {
  const { t, i18n } = useTranslation();
  switch (e.kind) {
    case 'transition':
      return (
        <div>
          {e.emphasis !== 'normal' && (
            <Tag color={e.emphasis === 'escalation' ? 'red' : 'purple'} className="ws-tag">
              {t(`qa.replay.${e.emphasis}`)}
            </Tag>
          )}
          {stateLabel(t, e.from)} → {stateLabel(t, e.to)}
          <span className="ws-muted ws-small"> · {e.actorId}</span>
          {e.reason && <div className="ws-muted ws-small">{e.reason}</div>}
        </div>
      );
    case 'compliance':
      return (
        <div>
          {t(`qa.replay.compliance.${e.action}`, { defaultValue: e.action })}
          <span className="ws-muted ws-small"> · {e.actorId}</span>
          <div className="ws-qa-chips">
            {e.ruleIds.map((id) => {
              const rule = complianceRule(id);
              return (
                <Tooltip key={id} title={rule ? pickName(rule.reason, i18n.language) : undefined}>
                  <Tag className="ws-tag ws-qa-rule">{id}</Tag>
                </Tooltip>
              );
            })}
          </div>
        </div>
      );
    case 'push':
      return (
        <div>
          {t('qa.replay.push', { product: e.productCode })}{' '}
          <Tag color={e.decision === 'deny' ? 'red' : e.decision === 'confirm' ? 'orange' : 'green'} className="ws-tag">
            {t(`products.decision.${e.decision}`, { defaultValue: e.decision })}
          </Tag>
          {e.customerInitiated && <span className="ws-muted ws-small">{t('products.customerInitiated')}</span>}
        </div>
      );
    case 'confirmation':
      return <div>{t('qa.replay.confirmed', { product: e.productCode })}</div>;
  }
}

/** Both levels side by side once both are visible (head office only after it has scored: blind until then). */
function Comparison({ view, level }: { view: ReplayView; level: ReviewLevel }) {
  const { t } = useTranslation();
  const other = level === 'branch' ? view.headOfficeReview : view.branchReview;
  const mine = level === 'branch' ? view.branchReview : view.headOfficeReview;
  if (level === 'head_office' && !mine) {
    return <Alert type="info" showIcon className="ws-qa-hint" title={t('qa.spot.blindHint')} data-testid="blind-notice" />;
  }
  if (!other || !mine) return null;
  const gap = Math.round(Math.abs(mine.result.total - other.result.total) * 10) / 10;
  return (
    <div className="ws-qa-compare" data-testid="review-comparison">
      <h4 className="ws-qa-card-section">{t('qa.compare.title')}</h4>
      {[view.branchReview!, view.headOfficeReview!].map((r) => (
        <div key={r.level} className="ws-qa-compare-row" data-testid={`compare-${r.level}`} data-total={r.result.total}>
          <span>{t(`qa.level.${r.level === 'branch' ? 'branchShort' : 'headOfficeShort'}`)}</span>
          <span className="ws-muted ws-small">{r.reviewerId}</span>
          <b>{formatScore(r.result.total)}</b>
          <VerdictTag passed={r.result.passed} />
          {r.notes && <span className="ws-qa-compare-notes ws-small">{r.notes}</span>}
        </div>
      ))}
      <div className="ws-muted ws-small">{t('qa.compare.gap', { gap: formatScore(gap) })}</div>
    </div>
  );
}
