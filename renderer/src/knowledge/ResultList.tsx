/**
 * The search results (or suggestions) as a listbox driven from the search box: the active item follows ↑/↓, a click
 * previews, the quote button quotes without opening. Weak results (no confident answer) are dimmed and labelled.
 */
import { SnippetsOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResult } from '../../../shared/knowledge/search';
import { hitTerms, markTerms, scorePercent, snippetSegments } from './highlight';
import { Highlighted } from './Highlighted';

export const optionId = (listId: string, articleId: string) => `${listId}-${articleId}`;

interface ResultListProps {
  listId: string;
  results: readonly SearchResult[];
  activeIndex: number;
  weak: boolean;
  /** Extra words to mark in titles (the query's own words). */
  words: readonly string[];
  canQuote: boolean;
  quotingId: string | null;
  label: string;
  onPreview(index: number): void;
  onQuote(result: SearchResult): void;
}

export function ResultList({ listId, results, activeIndex, weak, words, canQuote, quotingId, label, onPreview, onQuote }: ResultListProps) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLDivElement>(null);

  // Keep the active result in view while the agent arrows through a long list.
  useEffect(() => {
    const active = results[activeIndex];
    if (!active) return;
    document.getElementById(optionId(listId, active.id))?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, results, listId]);

  return (
    <div className={`ws-kb-results${weak ? ' ws-kb-weak' : ''}`} id={listId} role="listbox" aria-label={label} ref={listRef} data-testid="kb-results" data-weak={weak}>
      {results.map((r, i) => {
        const active = i === activeIndex;
        const percent = scorePercent(r.score);
        return (
          <div
            key={r.id}
            id={optionId(listId, r.id)}
            role="option"
            aria-selected={active}
            className={`ws-kb-result${active ? ' ws-kb-active' : ''}`}
            data-testid={`kb-result-${r.id}`}
            data-superseded={r.superseded}
            onClick={() => onPreview(i)}
          >
            <div className="ws-kb-result-head">
              <span className="ws-kb-result-title">
                <Highlighted segments={markTerms(r.title, [...hitTerms(r.snippet), ...words])} />
              </span>
              <Tooltip title={t('knowledge.results.scoreHint')}>
                <span className="ws-kb-score" data-testid="kb-score" aria-label={t('knowledge.results.score', { percent })}>
                  {percent}%
                </span>
              </Tooltip>
            </div>
            <div className="ws-kb-snippet" data-testid="kb-snippet">
              <Highlighted segments={snippetSegments(r.snippet)} />
            </div>
            <div className="ws-kb-result-foot">
              <span className="ws-kb-tags">
                {r.superseded && (
                  <Tag color="warning" bordered={false} data-testid="kb-superseded-tag">
                    {t('knowledge.superseded.tag')}
                  </Tag>
                )}
                <Tag color="blue" bordered={false}>
                  {r.category}
                </Tag>
                {r.tags.filter((tag) => tag !== r.category).slice(0, 2).map((tag) => (
                  <Tag key={tag} bordered={false}>
                    {tag}
                  </Tag>
                ))}
              </span>
              <span className="ws-kb-source ws-small ws-muted">
                {r.id} · v{r.version}
              </span>
              <Tooltip title={canQuote ? t('knowledge.results.quoteHint') : t('knowledge.quote.noConversation')}>
                <Button
                  type="text"
                  size="small"
                  icon={<SnippetsOutlined />}
                  disabled={!canQuote}
                  loading={quotingId === r.id}
                  aria-label={t('knowledge.results.quote', { title: r.title })}
                  data-testid={`kb-quote-${r.id}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onQuote(r);
                  }}
                />
              </Tooltip>
            </div>
          </div>
        );
      })}
    </div>
  );
}
