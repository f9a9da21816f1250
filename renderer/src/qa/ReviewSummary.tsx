/** One review as the agent (and the reviewer, once submitted) sees it: total, verdict, per-criterion points, red lines, notes. */
import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QaReview, Scorecard } from '../../../shared/qa';
import { formatScore, formatStamp, pickName, VerdictTag } from './labels';

export function ReviewSummary({ review, scorecards, testId }: { review: QaReview; scorecards: readonly Scorecard[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const card = scorecards.find((c) => c.id === review.scorecardId);
  const criterionName = (id: string) => {
    const c = card?.criteria.find((x) => x.id === id);
    return c ? pickName(c.name, i18n.language) : id;
  };
  const criticalName = (id: string) => {
    const c = card?.criticalItems.find((x) => x.id === id);
    return c ? pickName(c.name, i18n.language) : id;
  };
  return (
    <div className="ws-qa-review-summary" data-testid={testId} data-total={review.result.total} data-passed={review.result.passed}>
      <div className="ws-qa-total-line">
        <span className="ws-qa-big">{formatScore(review.result.total)}</span>
        <VerdictTag passed={review.result.passed} />
        <span className="ws-muted ws-small">{card ? pickName(card.name, i18n.language) : review.scorecardId}</span>
      </div>
      {review.result.failedCritical.length > 0 && (
        <div className="ws-qa-chips">
          {review.result.failedCritical.map((id) => (
            <Tag key={id} color="red" className="ws-tag">
              {t('qa.card.criticalFailed', { name: criticalName(id) })}
            </Tag>
          ))}
        </div>
      )}
      <Descriptions
        size="small"
        column={1}
        items={review.result.perCriterion.map((c) => ({
          key: c.criterionId,
          label: criterionName(c.criterionId),
          children: (
            <span className={c.met ? undefined : 'ws-qa-unmet'}>
              {c.points} / {c.maxPoints}
              <span className="ws-muted ws-small"> · {t('qa.card.weighted', { points: formatScore(c.weighted), weight: c.weight })}</span>
            </span>
          ),
        }))}
      />
      {review.notes && (
        <p className="ws-qa-notes" data-testid="review-notes">
          <span className="ws-muted">{t('qa.card.notes')}: </span>
          {review.notes}
        </p>
      )}
      <div className="ws-muted ws-small">{t('qa.card.reviewedBy', { reviewer: review.reviewerId, at: formatStamp(review.reviewedAt, i18n.language) })}</div>
    </div>
  );
}
