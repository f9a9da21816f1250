/**
 * The branch lead's review of agents' knowledge contributions: new articles proposed and insights (补充见解) to add
 * to an article. Approving publishes (a new article, or the article's next version with the insight appended);
 * rejecting needs a reason, which the contributor sees.
 */
import { BookOutlined, CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Empty, Input, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/knowledge/article';
import type { Contribution } from '../../../shared/knowledge/contribution';
import { formatClock } from '../deck/format';
import { useStore } from '../store/context';
import { canDecide, localizedMessage } from './forms';
import { removePending, usePendingContributions } from './useKnowledge';
import './knowledge.css';

/** The lead workspace's tab key for this view. */
export const KNOWLEDGE_REVIEW_TAB = 'knowledge';

/** The tab label, with the number of contributions waiting (refreshed every minute while the workspace is open). */
export function ContributionReviewLabel() {
  const { t } = useTranslation();
  const store = useStore();
  const { items } = usePendingContributions(store.api, { poll: true });
  return (
    <span className="ws-lead-tab" data-testid="lead-tab-knowledge">
      <BookOutlined />
      <span>{t('knowledge.review.tab')}</span>
      {items.length > 0 && <Badge count={items.length} size="small" color="blue" data-testid="lead-tab-knowledge-count" />}
    </span>
  );
}

export function ContributionReview() {
  const { t, i18n } = useTranslation();
  const store = useStore();
  const pending = usePendingContributions(store.api);
  const { reload } = pending;

  useEffect(() => void reload(), [reload]);

  return (
    <div className="ws-kb-review" data-testid="kb-review">
      <div className="ws-kb-review-head">
        <h2>{t('knowledge.review.title')}</h2>
        <span className="ws-muted ws-small">{t('knowledge.review.count', { count: pending.items.length })}</span>
        <Button size="small" icon={<ReloadOutlined />} loading={pending.loading} onClick={() => void reload()} data-testid="kb-review-reload">
          {t('knowledge.review.reload')}
        </Button>
      </div>
      <p className="ws-muted ws-small ws-kb-review-intro">{t('knowledge.review.intro')}</p>
      {pending.error && <Alert type="error" showIcon title={t('knowledge.review.loadFailed')} description={localizedMessage(pending.error.message, i18n.language)} />}
      {!pending.loaded && pending.loading ? (
        <Spin className="ws-side-empty" />
      ) : pending.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledge.review.empty')} data-testid="kb-review-empty" />
      ) : (
        <div className="ws-kb-review-list">
          {pending.items.map((c) => (
            <ContributionCard key={c.id} contribution={c} />
          ))}
        </div>
      )}
    </div>
  );
}

function ContributionCard({ contribution: c }: { contribution: Contribution }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const store = useStore();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [article, setArticle] = useState<Article | null>(null);

  // An insight is read beside the article it adds to (from the lead's local index).
  useEffect(() => {
    if (c.kind !== 'insight' || !c.articleId) return;
    let live = true;
    void store.api.getArticle({ articleId: c.articleId }).then((res) => live && res.ok && setArticle(res.value));
    return () => {
      live = false;
    };
  }, [store, c.kind, c.articleId]);

  const decide = async (approve: boolean) => {
    if (!canDecide(approve, reason)) return;
    setBusy(approve ? 'approve' : 'reject');
    const res = await store.api.decideContribution({ contributionId: c.id, approve, ...(approve ? {} : { reason: reason.trim() }) });
    setBusy(null);
    if (!res.ok) return setError(localizedMessage(res.error.message, i18n.language));
    removePending(c.id);
    void message.success(
      approve
        ? c.kind === 'proposal'
          ? t('knowledge.review.published', { id: res.value.article?.id ?? '' })
          : t('knowledge.review.insightPublished', { id: res.value.article?.id ?? '', version: res.value.article?.version ?? '' })
        : t('knowledge.review.rejected'),
    );
  };

  return (
    <article className="ws-kb-card" data-testid={`kb-contribution-${c.id}`} data-kind={c.kind}>
      <header className="ws-kb-card-head">
        <Tag color={c.kind === 'proposal' ? 'green' : 'purple'} bordered={false}>
          {t(`knowledge.review.kind.${c.kind}`)}
        </Tag>
        <span className="ws-kb-card-title" data-testid="kb-contribution-title">
          {c.kind === 'proposal' ? c.title : t('knowledge.review.insightFor', { title: article?.title ?? c.articleId ?? '' })}
        </span>
        {c.kind === 'insight' && article && (
          <span className="ws-kb-source ws-small ws-muted">
            {article.id} · v{article.version}
          </span>
        )}
      </header>
      <div className="ws-kb-facts ws-small ws-muted">
        <span>{t('knowledge.review.by', { name: c.author })}</span>
        <span>{formatClock(c.createdAt, i18n.language)}</span>
        {c.category && <span>{t('knowledge.review.category', { category: c.category })}</span>}
        {c.tags.length > 0 && <span>{t('knowledge.review.tags', { tags: c.tags.join(i18n.language === 'en' ? ', ' : '、') })}</span>}
      </div>
      <div className="ws-kb-card-body" data-testid="kb-contribution-body">
        {c.body}
      </div>
      {error && <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} data-testid="kb-decide-error" />}
      {rejecting ? (
        <div className="ws-kb-reject">
          <Input.TextArea
            autoFocus
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('knowledge.review.reasonPlaceholder')}
            aria-label={t('knowledge.review.reason')}
            data-testid={`kb-reject-reason-${c.id}`}
          />
          <div className="ws-kb-actions">
            <Button size="small" onClick={() => setRejecting(false)}>
              {t('knowledge.common.cancel')}
            </Button>
            <Button size="small" danger type="primary" disabled={!canDecide(false, reason)} loading={busy === 'reject'} onClick={() => void decide(false)} data-testid={`kb-reject-confirm-${c.id}`}>
              {t('knowledge.review.confirmReject')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="ws-kb-actions">
          <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy === 'approve'} onClick={() => void decide(true)} data-testid={`kb-approve-${c.id}`}>
            {t('knowledge.review.approve')}
          </Button>
          <Button size="small" icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid={`kb-reject-${c.id}`}>
            {t('knowledge.review.reject')}
          </Button>
        </div>
      )}
    </article>
  );
}
