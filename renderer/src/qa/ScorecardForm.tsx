/**
 * The scorecard beside the replay: points per criterion, pass/fail per critical item, notes, and a live total with
 * the pass mark and the verdict (a failed critical item fails the session whatever the points). The preview runs
 * the hub's own scoring function, so the submitted result matches what was shown.
 */
import { App, Button, Input, InputNumber, Progress, Radio, Select, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayView } from '../../../shared/protocol/qa';
import type { QaReview, ReviewLevel, Scorecard } from '../../../shared/qa';
import { useStore } from '../store/context';
import { formatScore, formatStamp, pickName } from './labels';
import { draftFromAnswers, emptyDraft, fullMarksDraft, previewScore, toAnswers, type ScoreDraft } from './scoreDraft';

interface Props {
  replay: ReplayView;
  scorecards: readonly Scorecard[];
  level: ReviewLevel;
  onSubmitted(review: QaReview): void;
}

function defaultCard(replay: ReplayView, scorecards: readonly Scorecard[], existing: QaReview | null): Scorecard | undefined {
  const byId = (id: string) => scorecards.find((c) => c.id === id);
  if (existing) return byId(existing.scorecardId) ?? scorecards[0];
  // A session with product pushes is judged on the product-push card when there is one.
  const channel = replay.pushes.length > 0 ? 'product_push' : 'service';
  return scorecards.find((c) => c.channel === channel) ?? scorecards[0];
}

export function ScorecardForm({ replay, scorecards, level, onSubmitted }: Props) {
  const { api } = useStore();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const existing = level === 'branch' ? replay.branchReview : replay.headOfficeReview;
  const initialCard = defaultCard(replay, scorecards, existing);
  const [cardId, setCardId] = useState(initialCard?.id ?? '');
  const card = scorecards.find((c) => c.id === cardId);
  const [draft, setDraft] = useState<ScoreDraft | null>(() => (initialCard ? (existing && existing.scorecardId === initialCard.id ? draftFromAnswers(initialCard, existing.answers) : emptyDraft(initialCard)) : null));
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const [submitting, setSubmitting] = useState(false);
  const preview = useMemo(() => (card && draft ? previewScore(card, draft) : null), [card, draft]);

  if (!card || !draft || !preview) return <div className="ws-muted">{t('qa.card.none')}</div>;
  const answers = toAnswers(card, draft);

  const switchCard = (id: string) => {
    const next = scorecards.find((c) => c.id === id);
    if (!next) return;
    setCardId(id);
    setDraft(emptyDraft(next));
  };

  const submit = async () => {
    if (!answers) return;
    setSubmitting(true);
    const result = await api.qaReview({ conversationId: replay.conversationId, level, scorecardId: card.id, answers, ...(notes.trim() ? { notes: notes.trim() } : {}) });
    setSubmitting(false);
    if (!result.ok) return void message.error(t('qa.card.submitFailed', { message: result.error.message }));
    message.success(t('qa.card.submitted', { total: formatScore(result.value.result.total) }));
    onSubmitted(result.value);
  };

  const verdictColor = preview.verdict === 'pass' ? 'success' : preview.verdict === 'fail' ? 'error' : 'default';
  return (
    <div className="ws-qa-card" data-testid="scorecard">
      <div className="ws-qa-card-head">
        <Select value={card.id} onChange={switchCard} options={scorecards.map((c) => ({ value: c.id, label: pickName(c.name, i18n.language) }))} className="ws-qa-card-select" aria-label={t('qa.scorecard')} />
        <Tag color={level === 'branch' ? 'blue' : 'purple'} className="ws-tag">
          {t(`qa.level.${level === 'branch' ? 'branchShort' : 'headOfficeShort'}`)}
        </Tag>
      </div>

      <div className="ws-qa-live" data-testid="score-live" data-total={preview.total} data-verdict={preview.verdict}>
        <div className="ws-qa-total-line">
          <span className="ws-qa-big" data-testid="score-total">
            {formatScore(preview.total)}
          </span>
          <span className="ws-muted">/ 100</span>
          <Tag color={verdictColor} className="ws-tag" data-testid="score-verdict">
            {t(`qa.verdict.${preview.verdict}`)}
          </Tag>
        </div>
        <Progress percent={preview.total} showInfo={false} size="small" status={preview.verdict === 'fail' ? 'exception' : preview.verdict === 'pass' ? 'success' : 'normal'} />
        <div className="ws-muted ws-small">
          {t('qa.card.passMark', { mark: card.passMark })}
          {preview.missing.length > 0 && ` · ${t('qa.card.missing', { count: preview.missing.length, reachable: formatScore(preview.reachable) })}`}
        </div>
        {preview.failedCritical.length > 0 && (
          <div className="ws-qa-critical-warning" role="alert">
            {t('qa.card.criticalFails')}
          </div>
        )}
      </div>

      <div className="ws-qa-card-actions">
        <Button size="small" onClick={() => setDraft(fullMarksDraft(card))} data-testid="score-full-marks">
          {t('qa.card.fullMarks')}
        </Button>
        <Button size="small" onClick={() => setDraft(emptyDraft(card))}>
          {t('qa.card.clear')}
        </Button>
      </div>

      <h4 className="ws-qa-card-section">{t('qa.card.criteria')}</h4>
      {card.criteria.map((c) => {
        const points = draft.points[c.id] ?? null;
        const perCriterion = preview.result?.perCriterion.find((p) => p.criterionId === c.id);
        return (
          <div key={c.id} className="ws-qa-criterion">
            <Tooltip title={pickName(c.description, i18n.language)} placement="left">
              <span className="ws-qa-criterion-name">
                {pickName(c.name, i18n.language)}
                <span className="ws-muted ws-small"> {t('qa.card.weight', { weight: c.weight })}</span>
              </span>
            </Tooltip>
            <span data-testid={`criterion-${c.id}`} className={perCriterion && !perCriterion.met ? 'ws-qa-unmet' : undefined}>
              <InputNumber
                size="small"
                min={0}
                max={c.maxPoints}
                precision={0}
                value={points}
                onChange={(v) => setDraft({ ...draft, points: { ...draft.points, [c.id]: typeof v === 'number' ? v : null } })}
                className="ws-qa-points"
                aria-label={pickName(c.name, i18n.language)}
              />
              <span className="ws-muted"> / {c.maxPoints}</span>
            </span>
          </div>
        );
      })}

      <h4 className="ws-qa-card-section">{t('qa.card.critical')}</h4>
      <p className="ws-muted ws-small ws-qa-hint">{t('qa.card.criticalHint')}</p>
      {card.criticalItems.map((item) => (
        <div key={item.id} className="ws-qa-criterion" data-testid={`critical-${item.id}`} data-value={draft.critical[item.id] ?? ''}>
          <Tooltip title={pickName(item.description, i18n.language)} placement="left">
            <span className="ws-qa-criterion-name">{pickName(item.name, i18n.language)}</span>
          </Tooltip>
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            value={draft.critical[item.id] ?? null}
            onChange={(e) => setDraft({ ...draft, critical: { ...draft.critical, [item.id]: e.target.value as 'pass' | 'fail' } })}
            options={[
              { value: 'pass', label: t('qa.card.criticalPass') },
              { value: 'fail', label: t('qa.card.criticalFail') },
            ]}
          />
        </div>
      ))}

      <h4 className="ws-qa-card-section">{t('qa.card.notes')}</h4>
      <Input.TextArea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t(level === 'branch' ? 'qa.card.notesPlaceholder' : 'qa.card.notesPlaceholderHeadOffice')} data-testid="score-notes" />

      <Button type="primary" block className="ws-qa-submit" disabled={!answers} loading={submitting} onClick={() => void submit()} data-testid="score-submit">
        {existing ? t('qa.card.resubmit') : t('qa.card.submit')}
      </Button>
      {existing && <div className="ws-muted ws-small">{t('qa.card.alreadyScored', { total: formatScore(existing.result.total), at: formatStamp(existing.reviewedAt, i18n.language) })}</div>}
    </div>
  );
}
