/**
 * Side panel tab 知识库 / Knowledge: search the local index as you type (works offline), or see suggestions for the
 * customer's latest message; preview an article and quote it (or a selected passage) into the composer with its
 * source; like it, add an insight, or propose a new article; see and refresh the index's sync state.
 *
 * Keyboard, with the focus in the search box: ↑/↓ move, Enter previews, Ctrl+Enter quotes, Esc goes back.
 */
import { BookOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Input, Modal, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/knowledge/article';
import type { Contribution } from '../../../shared/knowledge/contribution';
import type { SearchResult } from '../../../shared/knowledge/search';
import { deckEvents } from '../deck/deckEvents';
import type { SidePanelContext } from '../deck/sidePanel';
import { useApp, useStore } from '../store/context';
import { ArticlePreview, selectedExcerpt } from './ArticlePreview';
import { InsightDialog, ProposeDialog } from './ContributeDialogs';
import { latestCustomerText, localizedMessage } from './forms';
import { hitTerms, queryWords } from './highlight';
import { listKeyAction, moveIndex, reconcileIndex } from './listNav';
import { optionId, ResultList } from './ResultList';
import { SyncBar } from './SyncBar';
import { MAX_RESULTS, PAGE_SIZE, useKnowledgeSearch, useKnowledgeSync, useSuggestions } from './useKnowledge';
import './knowledge.css';

const LIST_ID = 'kb-results-list';

/** Categories seen in this session's results, offered when proposing an article. */
const seenCategories = new Set<string>();

interface SupersededQuestion {
  article: Article;
  replacement: Article | null;
  excerpt: string | null;
}

export function KnowledgePanel({ context, searchInputId }: { context: SidePanelContext; searchInputId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const store = useStore();
  const { api } = store;
  const { conversation, user } = context;
  const online = useApp((s) => s.connection.state === 'online');
  const history = useApp((s) => (conversation ? s.messages[conversation.id] : undefined));
  const customerText = useMemo(() => latestCustomerText(history), [history]);

  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const sync = useKnowledgeSync(api);
  const search = useKnowledgeSearch(api, query, limit, sync.generation);
  const suggestions = useSuggestions(api, query.trim() ? null : customerText, sync.generation);

  const searching = query.trim().length > 0;
  const results: readonly SearchResult[] = searching ? (search.response?.results ?? []) : suggestions;
  const weak = searching && !!search.response && !search.response.confident;
  const [activeId, setActiveId] = useState<string | null>(null);
  // The top result is active as you type (Enter previews it, Ctrl+Enter quotes it) — unless nothing is a good
  // match: a weak result is only ever chosen deliberately.
  const ids = results.map((r) => r.id);
  const activeIndex = weak && (activeId === null || !ids.includes(activeId)) ? -1 : reconcileIndex(activeId, ids);

  const [previewId, setPreviewId] = useState<string | null>(null);
  const [article, setArticle] = useState<Article | null>(null);
  const [replacementTitle, setReplacementTitle] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [quotingId, setQuotingId] = useState<string | null>(null);
  const [liked, setLiked] = useState<ReadonlySet<string>>(new Set());
  const [question, setQuestion] = useState<SupersededQuestion | null>(null);
  const [proposing, setProposing] = useState(false);
  const [insightFor, setInsightFor] = useState<Article | null>(null);
  const [contributed, setContributed] = useState<Contribution | null>(null);

  const canQuote = !!conversation && conversation.ownerId === user.id && user.role !== 'qa';
  const words = useMemo(() => queryWords(search.query), [search.query]);
  for (const r of results) seenCategories.add(r.category);

  // Ctrl+K: the host focuses the box; select its text so the agent can type the next query straight away.
  useEffect(
    () =>
      deckEvents.on('focusKnowledgeSearch', () =>
        requestAnimationFrame(() => (document.getElementById(searchInputId) as HTMLInputElement | null)?.select()),
      ),
    [searchInputId],
  );

  // The previewed article, and the title of the article that replaces it.
  useEffect(() => {
    let live = true;
    setReplacementTitle(null);
    if (!previewId) {
      setArticle(null);
      return;
    }
    void api.getArticle({ articleId: previewId }).then(async (res) => {
      if (!live) return;
      if (!res.ok || !res.value) {
        setArticle(null);
        setPreviewId(null);
        if (!res.ok) void message.error(localizedMessage(res.error.message, i18n.language));
        return;
      }
      setArticle(res.value);
      if (res.value.supersededBy) {
        const replacement = await api.getArticle({ articleId: res.value.supersededBy });
        if (live && replacement.ok && replacement.value) setReplacementTitle(replacement.value.title);
      }
    });
    return () => {
      live = false;
    };
  }, [api, previewId, sync.generation, message, i18n.language]);

  const focusSearch = () => (document.getElementById(searchInputId) as HTMLInputElement | null)?.focus();

  const quote = useCallback(
    async (articleId: string, excerpt: string | null, acknowledgeSuperseded = false) => {
      if (!canQuote) {
        void message.warning(t('knowledge.quote.noConversation'));
        return;
      }
      setQuotingId(articleId);
      const res = await api.quoteArticle({ articleId, ...(excerpt ? { excerpt } : {}), ...(acknowledgeSuperseded ? { acknowledgeSuperseded } : {}) });
      setQuotingId(null);
      if (res.ok) {
        // A quote is a block: the cursor lands on a fresh line, ready for the next words or the next quote.
        context.insertIntoComposer(`${res.value.text}\n`);
        void message.success(t('knowledge.quote.done'));
        return;
      }
      if (res.error.code === 'CONFLICT') {
        // Superseded: never quoted silently. Show what replaces it and ask.
        const old = await api.getArticle({ articleId });
        const old_ = old.ok ? old.value : null;
        if (old_) {
          const next = old_.supersededBy ? await api.getArticle({ articleId: old_.supersededBy }) : null;
          setQuestion({ article: old_, replacement: next?.ok ? next.value : null, excerpt });
          return;
        }
      }
      void message.error(localizedMessage(res.error.message, i18n.language));
    },
    [api, canQuote, context, message, t, i18n.language],
  );

  const like = async (target: Article) => {
    const res = await api.likeArticle({ articleId: target.id });
    if (!res.ok) {
      void message.error(localizedMessage(res.error.message, i18n.language));
      return;
    }
    setLiked((s) => new Set(s).add(target.id));
    setArticle((a) => (a && a.id === target.id ? { ...a, likes: res.value.likes } : a));
    if (!res.value.added) void message.info(t('knowledge.preview.alreadyLiked'));
  };

  const openPreview = (index: number) => {
    const r = results[index];
    if (!r) return;
    setActiveId(r.id);
    setPreviewId(r.id);
  };

  const closePreview = () => {
    setPreviewId(null);
    focusSearch();
  };

  /** Ctrl+Enter: the previewed article (with the selected passage, if any), else the active result. */
  const quoteCurrent = () => {
    if (article && previewId) return void quote(article.id, selectedExcerpt(bodyRef.current, article.body));
    const r = results[activeIndex];
    if (r) void quote(r.id, null);
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const action = listKeyAction({ ...e, isComposing: e.nativeEvent.isComposing });
    if (!action) return;
    if (action.type === 'close') {
      if (previewId) closePreview();
      else if (query) setQuery('');
      else return;
    } else if (action.type === 'quote') {
      quoteCurrent();
    } else if (action.type === 'preview') {
      if (results.length === 0) return;
      openPreview(activeIndex < 0 ? 0 : activeIndex);
    } else {
      if (results.length === 0) return;
      const next = action.type === 'first' ? 0 : action.type === 'last' ? results.length - 1 : moveIndex(activeIndex, action.delta, results.length);
      setActiveId(results[next]!.id);
      // While reading, the arrows page through the previews.
      if (previewId) setPreviewId(results[next]!.id);
    }
    e.preventDefault();
    e.stopPropagation();
  };

  /** Ctrl+Enter and Esc also work from the preview (after selecting a passage). Dialogs are portals: ignore them. */
  const onPanelKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.target as Node) || e.defaultPrevented) return;
    const action = listKeyAction({ ...e, isComposing: e.nativeEvent.isComposing });
    if (action?.type === 'quote') {
      quoteCurrent();
      e.preventDefault();
    } else if (action?.type === 'close' && previewId) {
      closePreview();
      e.preventDefault();
    }
  };

  const previewTerms = useMemo(() => {
    const r = results.find((x) => x.id === previewId);
    return [...(r ? hitTerms(r.snippet) : []), ...words];
  }, [results, previewId, words]);

  const onProposed = (c: Contribution) => {
    setProposing(false);
    setContributed(c);
    void message.success(t('knowledge.propose.done'));
  };
  const onInsightSent = (c: Contribution) => {
    setInsightFor(null);
    setContributed(c);
    void message.success(t('knowledge.insight.done'));
  };

  const active = results[activeIndex];
  return (
    <div className="ws-side-tab ws-kb" data-testid="knowledge-panel" onKeyDown={onPanelKey}>
      <div className="ws-kb-top">
        <Input
          id={searchInputId}
          data-testid="knowledge-search"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('knowledge.search.placeholder')}
          aria-label={t('knowledge.search.label')}
          role="combobox"
          aria-expanded={results.length > 0 && !previewId}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={active && !previewId ? optionId(LIST_ID, active.id) : undefined}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setLimit(PAGE_SIZE);
            setPreviewId(null);
          }}
          onKeyDown={onSearchKey}
        />
        <SyncBar sync={sync} online={online} />
      </div>

      {contributed && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setContributed(null) }}
          className="ws-kb-notice"
          data-testid="kb-contributed"
          title={
            contributed.kind === 'proposal'
              ? t('knowledge.propose.pending', { title: contributed.title ?? '' })
              : t('knowledge.insight.pending', { id: contributed.articleId ?? '' })
          }
        />
      )}

      {previewId ? (
        article ? (
          <ArticlePreview
            article={article}
            terms={previewTerms}
            bodyRef={bodyRef}
            canQuote={canQuote}
            quoting={quotingId === article.id}
            liked={liked.has(article.id)}
            replacementTitle={replacementTitle}
            onBack={closePreview}
            onQuote={(excerpt) => void quote(article.id, excerpt)}
            onLike={() => void like(article)}
            onInsight={() => setInsightFor(article)}
            onOpenArticle={(id) => setPreviewId(id)}
          />
        ) : (
          <Spin className="ws-side-empty" />
        )
      ) : searching ? (
        <SearchResults
          query={search.query}
          pendingQuery={query.trim() !== search.query}
          response={search.response}
          error={search.error ? localizedMessage(search.error.message, i18n.language) : null}
          list={
            <ResultList
              listId={LIST_ID}
              results={results}
              activeIndex={activeIndex}
              weak={weak}
              words={words}
              canQuote={canQuote}
              quotingId={quotingId}
              label={t('knowledge.results.label')}
              onPreview={openPreview}
              onQuote={(r) => void quote(r.id, null)}
            />
          }
          canLoadMore={!!search.response && search.response.results.length >= limit && limit < MAX_RESULTS}
          onLoadMore={() => setLimit((l) => Math.min(MAX_RESULTS, l + PAGE_SIZE))}
          onPropose={() => setProposing(true)}
        />
      ) : (
        <Suggestions
          customerText={customerText}
          hasConversation={!!conversation}
          list={
            results.length > 0 ? (
              <ResultList
                listId={LIST_ID}
                results={results}
                activeIndex={activeIndex}
                weak={false}
                words={[]}
                canQuote={canQuote}
                quotingId={quotingId}
                label={t('knowledge.suggest.label')}
                onPreview={openPreview}
                onQuote={(r) => void quote(r.id, null)}
              />
            ) : null
          }
        />
      )}

      <div className="ws-kb-foot" hidden={!!previewId}>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="kb-propose">
          {t('knowledge.propose.open')}
        </Button>
        <span className="ws-kb-keys ws-small ws-muted">{t('knowledge.search.keys')}</span>
      </div>

      <ProposeDialog
        open={proposing}
        initialTitle={weak || (searching && results.length === 0) ? query.trim() : ''}
        categories={[...seenCategories].sort()}
        onClose={() => setProposing(false)}
        onSubmitted={onProposed}
      />
      <InsightDialog article={insightFor} onClose={() => setInsightFor(null)} onSubmitted={onInsightSent} />
      <SupersededDialog
        question={question}
        onCancel={() => setQuestion(null)}
        onQuoteOld={() => {
          if (question) void quote(question.article.id, question.excerpt, true);
          setQuestion(null);
        }}
        onQuoteReplacement={() => {
          if (question?.replacement) void quote(question.replacement.id, null);
          setQuestion(null);
        }}
        onOpenReplacement={() => {
          if (question?.replacement) setPreviewId(question.replacement.id);
          setQuestion(null);
        }}
      />
    </div>
  );
}

function SearchResults(props: {
  query: string;
  pendingQuery: boolean;
  response: { results: readonly SearchResult[]; confident: boolean; tookMs: number } | null;
  error: string | null;
  list: ReactNode;
  canLoadMore: boolean;
  onLoadMore(): void;
  onPropose(): void;
}) {
  const { t } = useTranslation();
  const { response } = props;
  if (props.error) return <Alert type="error" showIcon title={t('knowledge.search.failed')} description={props.error} />;
  if (!response) return <Spin className="ws-side-empty" />;
  const proposeLink = (
    <Button type="link" size="small" className="ws-kb-inline-link" onClick={props.onPropose} data-testid="kb-propose-from-search">
      {t('knowledge.results.proposeInstead')}
    </Button>
  );
  if (response.results.length === 0)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} className="ws-side-empty" data-testid="kb-no-results" description={t('knowledge.results.none', { query: props.query })}>
        {proposeLink}
      </Empty>
    );
  return (
    <div className="ws-kb-result-area" aria-busy={props.pendingQuery}>
      <div className="ws-kb-summary ws-small ws-muted" role="status" data-testid="kb-summary" data-confident={response.confident}>
        {t('knowledge.results.summary', { count: response.results.length, ms: Math.max(1, Math.round(response.tookMs)) })}
      </div>
      {!response.confident && (
        <div className="ws-kb-nomatch" data-testid="kb-no-match" role="note">
          <strong>{t('knowledge.results.noGoodMatch')}</strong>
          <span className="ws-small">{t('knowledge.results.noGoodMatchHint')}</span>
          {proposeLink}
        </div>
      )}
      {props.list}
      {props.canLoadMore && (
        <Button size="small" type="link" onClick={props.onLoadMore} data-testid="kb-more">
          {t('knowledge.results.more')}
        </Button>
      )}
    </div>
  );
}

function Suggestions({ customerText, hasConversation, list }: { customerText: string | null; hasConversation: boolean; list: ReactNode }) {
  const { t } = useTranslation();
  if (!customerText || !list)
    return (
      <div className="ws-kb-idle" data-testid="kb-idle">
        <BookOutlined className="ws-kb-idle-icon" />
        <span className="ws-muted">
          {!hasConversation ? t('knowledge.suggest.idle') : customerText ? t('knowledge.suggest.none') : t('knowledge.suggest.noMessage')}
        </span>
      </div>
    );
  return (
    <div className="ws-kb-result-area" data-testid="kb-suggestions">
      <div className="ws-kb-summary ws-small ws-muted">{t('knowledge.suggest.title')}</div>
      <blockquote className="ws-kb-customer-text ws-small" data-testid="kb-suggest-for">
        {customerText}
      </blockquote>
      {list}
    </div>
  );
}

function SupersededDialog(props: {
  question: SupersededQuestion | null;
  onCancel(): void;
  onQuoteOld(): void;
  onQuoteReplacement(): void;
  onOpenReplacement(): void;
}) {
  const { t } = useTranslation();
  const q = props.question;
  return (
    <Modal
      open={!!q}
      title={t('knowledge.superseded.askTitle')}
      onCancel={props.onCancel}
      data-testid="kb-superseded-dialog"
      footer={[
        <Button key="cancel" onClick={props.onCancel}>
          {t('knowledge.common.cancel')}
        </Button>,
        <Button key="old" danger onClick={props.onQuoteOld} data-testid="kb-quote-old">
          {t('knowledge.superseded.quoteOld')}
        </Button>,
        ...(q?.replacement
          ? [
              <Button key="open" onClick={props.onOpenReplacement} data-testid="kb-open-new">
                {t('knowledge.superseded.open')}
              </Button>,
              <Button key="new" type="primary" onClick={props.onQuoteReplacement} data-testid="kb-quote-new">
                {t('knowledge.superseded.quoteNew')}
              </Button>,
            ]
          : []),
      ]}
    >
      {q && (
        <div className="ws-kb-ask">
          <p>{t('knowledge.superseded.askBody', { old: `${q.article.title} [${q.article.id} v${q.article.version}]` })}</p>
          {q.replacement ? (
            <p>
              {t('knowledge.superseded.replacement')}
              <strong>{` ${q.replacement.title} [${q.replacement.id} v${q.replacement.version}]`}</strong>
            </p>
          ) : (
            <p className="ws-muted">{t('knowledge.superseded.replacementMissing', { id: q.article.supersededBy ?? '' })}</p>
          )}
        </div>
      )}
    </Modal>
  );
}
