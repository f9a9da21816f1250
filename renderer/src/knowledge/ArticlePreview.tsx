/**
 * One article, as the agent reads it before quoting: body with the search hits marked, version, effective date,
 * author, likes and quote count, a warning when it is superseded. Selecting a passage of the body makes the quote
 * button quote just that passage.
 */
import { ArrowLeftOutlined, BulbOutlined, LikeOutlined, SnippetsOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Tag, Tooltip } from 'antd';
import { useEffect, useMemo, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/knowledge/article';
import { excerptFromSelection } from './excerpt';
import { markTerms } from './highlight';
import { Highlighted } from './Highlighted';

/** The excerpt the agent selected inside the body element, or null (nothing selected, or not within the body). */
export function selectedExcerpt(bodyEl: HTMLElement | null, body: string): string | null {
  const selection = window.getSelection();
  if (!bodyEl || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!bodyEl.contains(range.startContainer) || !bodyEl.contains(range.endContainer)) return null;
  return excerptFromSelection(body, selection.toString());
}

interface ArticlePreviewProps {
  article: Article;
  /** The words to mark in the body (the search's hits). */
  terms: readonly string[];
  bodyRef: RefObject<HTMLDivElement | null>;
  canQuote: boolean;
  quoting: boolean;
  liked: boolean;
  onBack(): void;
  onQuote(excerpt: string | null): void;
  onLike(): void;
  onInsight(): void;
  onOpenArticle(articleId: string): void;
  replacementTitle: string | null;
}

export function ArticlePreview(props: ArticlePreviewProps) {
  const { article, terms, bodyRef, canQuote, quoting, liked, replacementTitle } = props;
  const { t } = useTranslation();
  const [excerpt, setExcerpt] = useState<string | null>(null);

  // Follows the selection: the quote button says whether it quotes a passage or the default excerpt.
  useEffect(() => {
    const update = () => setExcerpt(selectedExcerpt(bodyRef.current, article.body));
    document.addEventListener('selectionchange', update);
    update();
    return () => document.removeEventListener('selectionchange', update);
  }, [article.body, bodyRef]);

  const paragraphs = useMemo(() => article.body.split('\n').filter((p) => p.trim().length > 0), [article.body]);
  const superseded = !!article.supersededBy;
  const quoteLabel = excerpt ? t('knowledge.preview.quoteSelection', { count: [...excerpt].length }) : t('knowledge.preview.quote');

  return (
    <section className="ws-kb-preview" data-testid="kb-preview" data-article-id={article.id} data-superseded={superseded} aria-label={article.title}>
      <Button type="link" size="small" icon={<ArrowLeftOutlined />} className="ws-kb-back" onClick={props.onBack} data-testid="kb-preview-back">
        {t('knowledge.preview.back')}
      </Button>
      <h3 className="ws-kb-preview-title">
        <Highlighted segments={markTerms(article.title, terms)} />
      </h3>
      <div className="ws-kb-facts ws-small ws-muted" data-testid="kb-preview-meta">
        <span className="ws-kb-source">
          {article.id} · v{article.version}
        </span>
        <span>{t('knowledge.preview.effective', { date: article.effectiveFrom.slice(0, 10) })}</span>
        <span>{t('knowledge.preview.author', { name: article.author })}</span>
        <span data-testid="kb-preview-likes">{t('knowledge.preview.likes', { count: article.likes })}</span>
        <span>{t('knowledge.preview.quotes', { count: article.quoteCount })}</span>
      </div>
      <div className="ws-kb-tags">
        <Tag color="blue" bordered={false}>
          {article.category}
        </Tag>
        {article.tags.filter((tag) => tag !== article.category).map((tag) => (
          <Tag key={tag} bordered={false}>
            {tag}
          </Tag>
        ))}
      </div>
      {superseded && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          data-testid="kb-preview-superseded"
          title={t('knowledge.superseded.banner', { id: article.supersededBy, title: replacementTitle ?? article.supersededBy })}
          action={
            <Button size="small" onClick={() => props.onOpenArticle(article.supersededBy!)} data-testid="kb-open-replacement">
              {t('knowledge.superseded.open')}
            </Button>
          }
        />
      )}
      <div className="ws-kb-body" ref={bodyRef} data-testid="kb-preview-body">
        {paragraphs.map((p, i) => (
          <p key={i}>
            <Highlighted segments={markTerms(p, terms)} />
          </p>
        ))}
      </div>
      <div className="ws-kb-actions">
        <Tooltip title={canQuote ? t('knowledge.preview.quoteHint') : t('knowledge.quote.noConversation')}>
          <Button
            type="primary"
            size="small"
            icon={<SnippetsOutlined />}
            loading={quoting}
            disabled={!canQuote}
            // Keep the selection: a mousedown on a button would otherwise collapse it before the click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => props.onQuote(selectedExcerpt(bodyRef.current, article.body))}
            data-testid="kb-preview-quote"
            data-selection={excerpt ? 'passage' : 'default'}
          >
            {quoteLabel}
          </Button>
        </Tooltip>
        <Button size="small" icon={<LikeOutlined />} type={liked ? 'primary' : 'default'} ghost={liked} onClick={props.onLike} data-testid="kb-like" aria-pressed={liked}>
          {liked ? t('knowledge.preview.liked') : t('knowledge.preview.like')}
        </Button>
        <Tooltip title={superseded ? t('knowledge.insight.supersededHint') : undefined}>
          <Button size="small" icon={<BulbOutlined />} disabled={superseded} onClick={props.onInsight} data-testid="kb-insight">
            {t('knowledge.preview.insight')}
          </Button>
        </Tooltip>
      </div>
    </section>
  );
}
