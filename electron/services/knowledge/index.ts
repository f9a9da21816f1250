/**
 * The workstation's local knowledge index: SQLite FTS5 over pre-analysed text (see text.ts), so search is instant
 * and keeps working when the hub is unreachable. This module is the repository for the kb_index_* tables: all
 * their SQL lives here.
 *
 * Design (measured in bench/search.ts):
 * - one contentless FTS5 table with four columns: title, tags, body (jieba words + canonical synonyms) and grams
 *   (character bigrams prefixed with "g", so they never share a posting list with words);
 * - a query term is searched as a word when the index knows the word, else as a bigram phrase (segmentation
 *   mismatch), else loosely (typos, single characters) — never as an OR of synonyms, because synonyms were folded
 *   to one canonical term at index time;
 * - ranking: FTS5's bm25 costs about a microsecond per matching row, which is fine for rare words and too slow
 *   for common ones in a large base. So every word and every bigram also has a "champion list" (championLists.ts:
 *   its top LIST_DEPTH articles by bm25 term weight), kept up to date in place by each upsert and remove, in the
 *   same transaction. Ranking reads those lists and never touches the posting lists of common terms; a term
 *   without a usable list (a longer unknown word searched as a phrase, a list that removals wore down) is ranked
 *   by FTS5 alone and merged in. Plain FTS5 (AND first, OR when the page is short) serves deep pages and loose terms;
 * - the candidates are re-scored by how much of the query (weighted by IDF) each article really covers, which also
 *   decides whether the answer is confident. Candidates are read best bound first and reading stops as soon as no
 *   remaining one can enter the page, so a search reads about as many articles as it shows; highlighting runs
 *   only on the final page.
 */
import type Database from 'better-sqlite3';
import {
  articleFromColumns,
  articleSchema,
  type Article,
  type StoredArticleColumns,
} from '../../../shared/knowledge/article';
import type { SearchResponse, SearchResult } from '../../../shared/knowledge/search';
import type { MigratableDatabase } from '../../../shared/db/migrate';
import {
  analyseDocument,
  analyseQuery,
  dictionaryParts,
  GRAM_PREFIX,
  hanBigrams,
  messageKeywords,
  type AnalysedDocument,
  type QueryTerm,
} from './text';
import { haystackOf, highlightSnippet, termOccurs, type Haystack } from './snippet';
import {
  buildList,
  entryDoc,
  entryLength,
  entryTf2,
  impact,
  LIST_DEPTH,
  ListChanges,
  listView,
  mergeList,
  type WeightedColumn,
} from './championLists';

export { LIST_DEPTH } from './championLists';

type Db = Database.Database;

/**
 * The local DB's migration list belongs to the lead; this is the step they slot in (as version 2). Its statements
 * tolerate tables that already exist because `npm run kb -- import` may have created them on a fresh DB before
 * the app first ran its migrations.
 */
export const knowledgeLocalMigration = {
  name: 'knowledge_index',
  up(db: MigratableDatabase): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS kb_index_articles (
        doc INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        -- the small columns come first: ranking reads them without following the text into overflow pages
        language TEXT NOT NULL,
        version INTEGER NOT NULL,
        superseded_by TEXT,
        -- 1 when OpenCC changes nothing beyond NFKC and letter case: highlighting then skips OpenCC
        plain INTEGER NOT NULL,
        -- tokens in all indexed columns (as FTS5 counts them), for the length normalisation of the champion lists
        token_count INTEGER NOT NULL,
        category TEXT NOT NULL,
        likes INTEGER NOT NULL DEFAULT 0,
        quote_count INTEGER NOT NULL DEFAULT 0,
        effective_from TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        author TEXT NOT NULL,
        title TEXT NOT NULL,
        tags TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS kb_index_articles_superseded ON kb_index_articles(doc) WHERE superseded_by IS NOT NULL;
      CREATE VIRTUAL TABLE IF NOT EXISTS kb_index_fts USING fts5(
        title, tags, body, grams,
        -- 'ascii' splits on ASCII spaces and punctuation and keeps every other character: the same tokens as
        -- unicode61 for text.ts's output (Han runs and [a-z0-9] words, space-separated), at a quarter less cost.
        content='', contentless_delete=1, tokenize='ascii'
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS kb_index_vocab USING fts5vocab(kb_index_fts, 'row');
      -- Champion lists (championLists.ts): per word or bigram, its document frequency when the list was last
      -- maintained and its top articles, encoded. A missing row means the term ranks with FTS5.
      CREATE TABLE IF NOT EXISTS kb_index_lists (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL,
        list BLOB NOT NULL
      ) WITHOUT ROWID;
      -- Terms whose list could not be maintained in place; refreshRanking() rebuilds them from the index.
      CREATE TABLE IF NOT EXISTS kb_index_stale (term TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS kb_index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  },
};

/** True when the knowledge tables exist (the CLI creates them on a fresh DB). */
export function hasKnowledgeTables(db: Db): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kb_index_articles'`).get() !==
    undefined
  );
}

/**
 * Checks the champion lists against the FTS5 index itself (for tests and diagnostics; reads every posting, so it is
 * slow on a large base). Every term that can have a list has one or is marked stale; a list records the term's
 * document frequency, holds distinct articles that contain the term with their true weights and lengths, and, when
 * it is not truncated, all of them. Returns what is wrong, one line per problem.
 */
export function championListProblems(db: Db): string[] {
  const problems: string[] = [];
  const lists = new Map(
    (
      db.prepare(`SELECT term, df, list FROM kb_index_lists`).all() as {
        term: string;
        df: number;
        list: Buffer;
      }[]
    ).map((r) => [r.term, r] as const),
  );
  const stale = new Set(db.prepare(`SELECT term FROM kb_index_stale`).pluck().all() as string[]);
  const lengths = new Map(
    db.prepare(`SELECT doc, token_count FROM kb_index_articles`).raw().all() as [number, number][],
  );
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_index_instance USING fts5vocab(main, kb_index_fts, 'instance')`,
  );
  const postings = new Map<string, Map<number, number>>();
  const tf2Of: Record<string, number> = TF2;
  for (const [term, doc, col] of db
    .prepare(`SELECT term, doc, col FROM temp.kb_index_instance`)
    .raw()
    .all() as [string, number, string][]) {
    let docs = postings.get(term);
    if (!docs) postings.set(term, (docs = new Map()));
    docs.set(doc, (docs.get(doc) ?? 0) + (tf2Of[col] ?? 0));
  }
  for (const [term, docs] of postings) {
    if (!hasChampionList(term)) continue;
    const row = lists.get(term);
    if (!row) {
      if (!stale.has(term)) problems.push(`${term}: no list and not marked stale`);
      continue;
    }
    if (row.df !== docs.size) problems.push(`${term}: df ${row.df}, index has ${docs.size}`);
    const list = listView(row.list);
    const entries = list.length >>> 1;
    const seen = new Set<number>();
    for (let i = 0; i < entries; i++) {
      const doc = entryDoc(list, i);
      if (seen.has(doc)) problems.push(`${term}: article ${doc} listed twice`);
      seen.add(doc);
      if (!docs.has(doc)) problems.push(`${term}: lists article ${doc}, which does not contain it`);
      else if (entryTf2(list, i) !== Math.min(docs.get(doc)!, 0xffff))
        problems.push(`${term}: article ${doc} weighs ${entryTf2(list, i)}, index says ${docs.get(doc)}`);
      if (entryLength(list, i) !== Math.min(lengths.get(doc) ?? -1, 0xffff))
        problems.push(
          `${term}: article ${doc} has length ${entryLength(list, i)}, table says ${lengths.get(doc)}`,
        );
    }
    if (entries > LIST_DEPTH) problems.push(`${term}: ${entries} entries`);
    if (entries < Math.min(docs.size, LIST_DEPTH) && entries === row.df)
      problems.push(`${term}: complete list of ${entries} for ${docs.size} articles`);
  }
  for (const term of lists.keys())
    if (!postings.has(term)) problems.push(`${term}: list for a term not indexed`);
  return problems;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  includeSuperseded?: boolean;
}

export interface UpsertStats {
  inserted: number;
  /** content changed: the article was re-analysed and re-indexed */
  reindexed: number;
  /** only likes, quote count, supersession or dates changed: the FTS rows were left alone */
  metadataOnly: number;
  /** same or older version than what the index holds */
  skipped: number;
}

interface ArticleRow extends StoredArticleColumns {
  doc: number;
  plain: number;
  token_count: number;
}

/** What scoring and the result page read of an article. */
type PageRow = Pick<
  ArticleRow,
  'doc' | 'id' | 'language' | 'version' | 'superseded_by' | 'plain' | 'category' | 'title' | 'tags' | 'body'
>;

const fromRow = (row: ArticleRow): Article => articleFromColumns(row);

/** An article's stored columns, named as the statements bind them. */
function articleColumns(a: Article, tags: string): StoredArticleColumns {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    tags,
    category: a.category,
    language: a.language,
    version: a.version,
    effective_from: a.effectiveFrom,
    superseded_by: a.supersededBy ?? null,
    author: a.author,
    likes: a.likes,
    quote_count: a.quoteCount,
    updated_at: a.updatedAt,
  };
}

// Column weights: titles and tags say what an article is about; bigrams only stand in for words the segmenter
// cut differently. The same weights drive bm25 (FTS5 path) and the champion lists, which count them doubled
// (TF2) so that a bigram's half weight stays a whole number.
const WEIGHTS = { title: 8, tags: 4, body: 1, grams: 0.5 } as const;
const TF2 = {
  title: 2 * WEIGHTS.title,
  tags: 2 * WEIGHTS.tags,
  body: 2 * WEIGHTS.body,
  grams: 2 * WEIGHTS.grams,
};
const RANK = `bm25(kb_index_fts, ${WEIGHTS.title}.0, ${WEIGHTS.tags}.0, ${WEIGHTS.body}.0, ${WEIGHTS.grams})`;
const MAX_TERMS = 8;
/** Extra candidates re-scored by coverage, so a partial match on the rare terms can beat a common-word match. */
const OR_MARGIN = 20;
/** Coverage weight of a lone Han character: a tie-breaker, not evidence. */
const SINGLE_CHAR_WEIGHT = 0.15;
/** Score factor for an article in the other language than the query's. */
const LANGUAGE_MISMATCH = 0.85;
/** Share of the query's weight the best article must cover to be a confident answer. */
const CONFIDENT_COVERAGE = 0.7;
/** Writes at least this large are bulk loads: FTS5 buffers them whole and merges segments once, at the end. */
const BULK_WRITE = 1_000;
const FTS_DEFAULTS = { automerge: 4, crisismerge: 16, hashsize: 1024 * 1024 } as const;
const BULK_FTS = { automerge: 0, crisismerge: 64, hashsize: 64 * 1024 * 1024 } as const;

type TermMatch = 'word' | 'phrase' | 'loose';

interface PlannedTerm {
  term: QueryTerm;
  /** FTS5 expression, or null when nothing in the index can match this term */
  expr: string | null;
  match: TermMatch | null;
  /** IDF-like weight: unknown words weigh the most, so an off-topic word sinks confidence */
  weight: number;
  df: number;
  /** the index term whose champion list ranks this query term (the word, or the one bigram of a phrase) */
  listTerm: string | null;
}

interface Candidate {
  doc: number;
  strength: number;
  /** known to contain every strong query term */
  matchedAll: boolean;
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;
const isGramToken = (token: string) => token.startsWith(GRAM_PREFIX) && /^g\p{Script=Han}/u.test(token);
/** A bigram-column token standing for one character (searched by prefix only, so it gets no champion list). */
const isSingleCharGram = (gram: string) =>
  gram.length === GRAM_PREFIX.length + 1 ||
  (gram.length === GRAM_PREFIX.length + 2 && /[\uD800-\uDBFF]/.test(gram[GRAM_PREFIX.length]!));
const hasChampionList = (term: string) => !(isGramToken(term) && isSingleCharGram(term));

/** An analysed article's columns with their champion-list weights. */
function weightedColumns(columns: AnalysedDocument['columns']): WeightedColumn[] {
  return [
    { tokens: columns.title, tf2: TF2.title },
    { tokens: columns.tags, tf2: TF2.tags },
    { tokens: columns.body, tf2: TF2.body },
    { tokens: columns.grams, tf2: TF2.grams, skip: isSingleCharGram },
  ];
}

interface Scored {
  c: Candidate;
  /** position in the candidate list (the tie-break of last resort) */
  order: number;
  row: PageRow;
  coverage: number;
  score: number;
}

export class KnowledgeIndex {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly dfCache = new Map<string, number>();
  /** term → its stored champion list, or null when it has none */
  private readonly listCache = new Map<string, { df: number; list: Uint32Array } | null>();
  private cachedCount: number | undefined;
  private cachedTokens: number | undefined;
  private superseded: Set<number> | undefined;
  private stale: Set<string> | undefined;

  /**
   * @param options.championLists false makes every search rank with FTS5's bm25 (for comparison in the benchmark
   * and tests); the lists are still maintained.
   */
  constructor(
    private readonly db: Db,
    private readonly options: { championLists?: boolean } = {},
  ) {}

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private invalidate(): void {
    this.dfCache.clear();
    this.listCache.clear();
    this.cachedCount = undefined;
    this.cachedTokens = undefined;
    this.superseded = undefined;
    this.stale = undefined;
  }

  // ------------------------------------------------------------------------------------------------- writes

  /** Inserts or updates articles in one transaction; the FTS rows and champion lists change in the same one. */
  upsert(articles: readonly Article[]): UpsertStats {
    const stats: UpsertStats = { inserted: 0, reindexed: 0, metadataOnly: 0, skipped: 0 };
    const bulk = articles.length >= BULK_WRITE;
    try {
      this.db.transaction(() => {
        if (bulk) this.configureFts(BULK_FTS);
        this.invalidate(); // another connection may have written since
        let changes = new ListChanges();
        let tokens = this.tokenTotal();
        for (const input of articles) {
          const a = articleSchema.parse(input);
          const existing = this.stmt(`SELECT * FROM kb_index_articles WHERE id = ?`).get(a.id) as
            ArticleRow | undefined;
          const tags = JSON.stringify(a.tags);
          const columns = articleColumns(a, tags);
          if (!existing) {
            const analysed = analyseDocument(a);
            const info = this.stmt(
              `INSERT INTO kb_index_articles (id, title, body, tags, category, language, version, effective_from, superseded_by, author, likes, quote_count, updated_at,
                 plain, token_count)
               VALUES (@id, @title, @body, @tags, @category, @language, @version, @effective_from, @superseded_by, @author, @likes, @quote_count, @updated_at,
                 @plain, @token_count)`,
            ).run({ ...columns, plain: analysed.plain ? 1 : 0, token_count: analysed.tokenCount });
            const doc = Number(info.lastInsertRowid);
            this.insertFts(doc, analysed.text);
            changes.add(doc, weightedColumns(analysed.columns), analysed.tokenCount);
            tokens += analysed.tokenCount;
            stats.inserted++;
            continue;
          }
          const unchanged =
            existing.version === a.version &&
            existing.updated_at === a.updatedAt &&
            existing.likes === a.likes &&
            existing.quote_count === a.quoteCount &&
            existing.superseded_by === (a.supersededBy ?? null);
          if (existing.version > a.version || unchanged) {
            stats.skipped++;
            continue;
          }
          const contentChanged =
            existing.title !== a.title ||
            existing.body !== a.body ||
            existing.tags !== tags ||
            existing.category !== a.category ||
            existing.language !== a.language;
          this.stmt(
            `UPDATE kb_index_articles SET title = @title, body = @body, tags = @tags, category = @category, language = @language,
               version = @version, effective_from = @effective_from, superseded_by = @superseded_by, author = @author, likes = @likes,
               quote_count = @quote_count, updated_at = @updated_at WHERE doc = @doc`,
          ).run({ ...columns, doc: existing.doc });
          if (!contentChanged) {
            stats.metadataOnly++;
            continue;
          }
          if (changes.hasAdded(existing.doc)) {
            // Indexed earlier in this same write: settle the lists before taking it out again.
            this.applyListChanges(changes, tokens);
            changes = new ListChanges();
          }
          changes.remove(existing.doc, weightedColumns(analyseDocument(fromRow(existing)).columns));
          const analysed = analyseDocument(a);
          this.stmt(`UPDATE kb_index_articles SET plain = ?, token_count = ? WHERE doc = ?`).run(
            analysed.plain ? 1 : 0,
            analysed.tokenCount,
            existing.doc,
          );
          this.stmt(`DELETE FROM kb_index_fts WHERE rowid = ?`).run(existing.doc);
          this.insertFts(existing.doc, analysed.text);
          changes.add(existing.doc, weightedColumns(analysed.columns), analysed.tokenCount);
          tokens += analysed.tokenCount - existing.token_count;
          stats.reindexed++;
        }
        this.applyListChanges(changes, tokens);
        if (bulk) this.configureFts(FTS_DEFAULTS);
      })();
    } finally {
      this.invalidate();
    }
    return stats;
  }

  private insertFts(doc: number, t: { title: string; tags: string; body: string; grams: string }): void {
    this.stmt(`INSERT INTO kb_index_fts (rowid, title, tags, body, grams) VALUES (?, ?, ?, ?, ?)`).run(
      doc,
      t.title,
      t.tags,
      t.body,
      t.grams,
    );
  }

  /**
   * A bulk load is buffered in memory by FTS5 (up to `hashsize` bytes) and its segments are left unmerged until
   * optimize(): merging as it goes rewrites the same postings several times over (a third of the FTS5 time).
   */
  private configureFts(config: Record<'automerge' | 'crisismerge' | 'hashsize', number>): void {
    // FTS5 takes these as SQL integers only (a bound JS number arrives as a real).
    const set = this.stmt(`INSERT INTO kb_index_fts (kb_index_fts, rank) VALUES (?, ?)`);
    for (const [key, value] of Object.entries(config)) set.run(key, BigInt(value));
  }

  /**
   * Brings the champion lists of every touched term up to date, and the token total their weights are normalised
   * by. A term that has no list yet gets one when this write holds all its articles; otherwise it is marked stale.
   */
  private applyListChanges(changes: ListChanges, tokenTotal: number): void {
    this.invalidate();
    this.setMeta('token_total', String(tokenTotal));
    this.cachedTokens = tokenTotal;
    if (changes.empty) return;
    const avgLength = this.averageLength();
    const read = this.stmt(`SELECT df, list FROM kb_index_lists WHERE term = ?`);
    const write = this.stmt(`INSERT OR REPLACE INTO kb_index_lists (term, df, list) VALUES (?, ?, ?)`);
    const drop = this.stmt(`DELETE FROM kb_index_lists WHERE term = ?`);
    const stale = this.stmt(`INSERT OR IGNORE INTO kb_index_stale (term) VALUES (?)`);
    const vocab = this.stmt(`SELECT doc FROM kb_index_vocab WHERE term = ?`);
    for (const term of changes.terms()) {
      const added = changes.addedTo(term);
      const removed = changes.removed.get(term);
      const row = read.get(term) as { df: number; list: Buffer } | undefined;
      if (!row) {
        const df = (vocab.get(term) as { doc: number } | undefined)?.doc ?? 0;
        if (df === 0 && !added) continue;
        if (added && df === added.docs.length && !removed) {
          write.run(term, df, buildList(added.docs, added.tf2, added.lengths, avgLength));
        } else {
          stale.run(term);
        }
        continue;
      }
      const outcome = mergeList({ df: row.df, list: listView(row.list) }, removed, added, avgLength);
      if (outcome.kind === 'keep') write.run(term, outcome.df, outcome.list);
      else {
        drop.run(term);
        if (outcome.kind === 'stale') stale.run(term);
      }
    }
    this.invalidate();
  }

  remove(ids: readonly string[]): void {
    try {
      this.db.transaction(() => {
        this.invalidate();
        const changes = new ListChanges();
        let tokens = this.tokenTotal();
        for (const id of ids) {
          const row = this.stmt(`SELECT * FROM kb_index_articles WHERE id = ?`).get(id) as
            ArticleRow | undefined;
          if (!row) continue;
          changes.remove(row.doc, weightedColumns(analyseDocument(fromRow(row)).columns));
          tokens -= row.token_count;
          this.stmt(`DELETE FROM kb_index_fts WHERE rowid = ?`).run(row.doc);
          this.stmt(`DELETE FROM kb_index_articles WHERE doc = ?`).run(row.doc);
        }
        this.applyListChanges(changes, tokens);
      })();
    } finally {
      this.invalidate();
    }
  }

  /** A page of changes from the hub and the cursor after it, applied atomically: a crash never skips a page. */
  applyChanges(articles: readonly Article[], cursor: string): UpsertStats {
    return this.db.transaction(() => {
      const stats = this.upsert(articles);
      this.setSyncCursor(cursor);
      return stats;
    })();
  }

  syncCursor(): string | null {
    return this.meta('sync_cursor');
  }

  setSyncCursor(cursor: string): void {
    this.setMeta('sync_cursor', cursor);
  }

  private meta(key: string): string | null {
    const row = this.stmt(`SELECT value FROM kb_index_meta WHERE key = ?`).get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.stmt(
      `INSERT INTO kb_index_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ).run(key, value);
  }

  /**
   * Tokens in all indexed articles, kept in kb_index_meta by every write so that the average length costs no table
   * scan (counted once from the articles when the key is missing).
   */
  private tokenTotal(): number {
    if (this.cachedTokens === undefined) {
      const stored = this.meta('token_total');
      this.cachedTokens =
        stored !== null && Number.isFinite(Number(stored))
          ? Number(stored)
          : (
              this.stmt(`SELECT coalesce(sum(token_count), 0) AS n FROM kb_index_articles`).get() as {
                n: number;
              }
            ).n;
    }
    return this.cachedTokens;
  }

  private averageLength(): number {
    const count = this.count();
    return count === 0 ? 1 : Math.max(this.tokenTotal() / count, 1);
  }

  /**
   * Rebuilds from the index the champion lists that writes could not maintain in place (a term new to a write that
   * other articles already had, a truncated list worn down by removals). Returns the terms rebuilt.
   */
  refreshRanking(): number {
    this.invalidate(); // read the stale terms as stored, whoever wrote them
    const terms = [...this.staleTerms()];
    if (terms.length === 0) return 0;
    const avgLength = this.averageLength();
    const lengthOf = new Map<number, number>();
    const lengthStmt = this.stmt(`SELECT token_count FROM kb_index_articles WHERE doc = ?`).pluck();
    const length = (doc: number): number => {
      let n = lengthOf.get(doc);
      if (n === undefined) {
        n = (lengthStmt.get(doc) as number | undefined) ?? 0;
        lengthOf.set(doc, n);
      }
      return n;
    };
    this.db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_index_instance USING fts5vocab(main, kb_index_fts, 'instance')`,
    );
    const instances = this.db.prepare(`SELECT doc, col FROM temp.kb_index_instance WHERE term = ?`).raw();
    const write = this.stmt(`INSERT OR REPLACE INTO kb_index_lists (term, df, list) VALUES (?, ?, ?)`);
    const drop = this.stmt(`DELETE FROM kb_index_lists WHERE term = ?`);
    const done = this.stmt(`DELETE FROM kb_index_stale WHERE term = ?`);
    const tf2Of: Record<string, number> = TF2;
    try {
      this.db.transaction(() => {
        for (const term of terms) {
          done.run(term);
          const weighted = new Map<number, number>();
          if (hasChampionList(term))
            for (const [doc, col] of instances.all(term) as [number, string][])
              weighted.set(doc, (weighted.get(doc) ?? 0) + (tf2Of[col] ?? 0));
          if (weighted.size === 0) {
            drop.run(term);
            continue;
          }
          const docs = [...weighted.keys()];
          write.run(
            term,
            docs.length,
            buildList(
              docs,
              docs.map((d) => weighted.get(d)!),
              docs.map(length),
              avgLength,
            ),
          );
        }
      })();
    } finally {
      this.invalidate();
    }
    return terms.length;
  }

  /** After a bulk import: merges the FTS segments and rebuilds the champion lists that went stale. */
  optimize(): void {
    this.db.exec(`INSERT INTO kb_index_fts (kb_index_fts) VALUES ('optimize')`);
    this.refreshRanking();
  }

  // -------------------------------------------------------------------------------------------------- reads

  get(id: string): Article | undefined {
    const row = this.stmt(`SELECT * FROM kb_index_articles WHERE id = ?`).get(id) as ArticleRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  count(): number {
    this.cachedCount ??= (this.stmt(`SELECT count(*) AS n FROM kb_index_articles`).get() as { n: number }).n;
    return this.cachedCount;
  }

  /**
   * Number of articles whose index holds this token (cached until the next write). Every indexed term has a
   * champion list that records it, unless the term is stale or a single character; only those ask FTS5, whose
   * vocabulary lookups cost ten times more.
   */
  private df(token: string): number {
    let n = this.dfCache.get(token);
    if (n === undefined) {
      const stored = hasChampionList(token) ? this.storedList(token) : null;
      n = stored
        ? stored.df
        : !hasChampionList(token) || this.staleTerms().has(token)
          ? ((
              this.stmt(`SELECT doc FROM kb_index_vocab WHERE term = ?`).get(token) as
                { doc: number } | undefined
            )?.doc ?? 0)
          : 0;
      if (this.dfCache.size > 20_000) this.dfCache.clear();
      this.dfCache.set(token, n);
    }
    return n;
  }

  private staleTerms(): Set<string> {
    this.stale ??= new Set(this.stmt(`SELECT term FROM kb_index_stale`).pluck().all() as string[]);
    return this.stale;
  }

  /** The stored champion list of a term (cached until the next write). */
  private storedList(term: string): { df: number; list: Uint32Array } | null {
    let entry = this.listCache.get(term);
    if (entry === undefined) {
      const row = this.stmt(`SELECT df, list FROM kb_index_lists WHERE term = ?`).get(term) as
        { df: number; list: Buffer } | undefined;
      entry = row ? { df: row.df, list: listView(row.list) } : null;
      if (this.listCache.size > 20_000) this.listCache.clear();
      this.listCache.set(term, entry);
    }
    return entry;
  }

  /** The champion list that can rank this term for a page of `depth` candidates, if there is one. */
  private usableList(p: PlannedTerm, depth: number): Uint32Array | null {
    if (p.listTerm === null) return null;
    const stored = this.storedList(p.listTerm);
    // The df check guards against a list out of step with the index (it would then rank with FTS5, correctly).
    if (!stored || stored.df !== p.df) return null;
    const entries = stored.list.length >>> 1;
    return entries === stored.df || entries >= depth ? stored.list : null;
  }

  private supersededDocs(): Set<number> {
    this.superseded ??= new Set(
      (
        this.stmt(`SELECT doc FROM kb_index_articles WHERE superseded_by IS NOT NULL`).raw().all() as [
          number,
        ][]
      ).map(([d]) => d),
    );
    return this.superseded;
  }

  private plan(term: QueryTerm, total: number): PlannedTerm {
    const idf = (df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));
    const unknown = idf(0);
    const chars = [...term.token];
    if (term.kind === 'han' && chars.length === 1) {
      // A lone character (买, 钱, 税) says little: matched loosely (any bigram starting with it, or a run-final
      // character) and weighted low, so it neither gates the AND nor sinks confidence.
      return {
        term,
        expr: `${quote(GRAM_PREFIX + term.token)}*`,
        match: 'loose',
        weight: SINGLE_CHAR_WEIGHT,
        df: 0,
        listTerm: null,
      };
    }
    const df = this.df(term.token);
    if (df > 0)
      return { term, expr: quote(term.token), match: 'word', weight: idf(df), df, listTerm: term.token };
    if (term.kind === 'latin')
      return { term, expr: null, match: null, weight: unknown, df: 0, listTerm: null };
    const grams = hanBigrams(term.token).map((g) => GRAM_PREFIX + g);
    const gramDf = grams.map((g) => this.df(g));
    if (gramDf.every((n) => n > 0)) {
      // The words exist in the text but were segmented differently: match the characters in sequence. A
      // two-character word is a single bigram, whose champion list ranks it exactly.
      const estimate = Math.min(...gramDf);
      return {
        term,
        expr: `"${grams.join(' ')}"`,
        match: 'phrase',
        weight: idf(estimate),
        df: estimate,
        listTerm: grams.length === 1 ? grams[0]! : null,
      };
    }
    // Probably a typo: its two rarest known bigrams (cheap to match), or any character of it, as a loose match that
    // cannot be confident.
    const known = grams
      .map((g, i) => [g, gramDf[i]!] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 2)
      .map(([g]) => g);
    const parts = known.length > 0 ? known.map(quote) : chars.map((c) => `${quote(GRAM_PREFIX + c)}*`);
    return {
      term,
      expr: parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`,
      match: 'loose',
      weight: unknown,
      df: 0,
      listTerm: null,
    };
  }

  /**
   * A Han word the index does not know but whose dictionary parts it does (最低保护 → 最低 + 保护) is searched by
   * those parts: they have posting and champion lists, while a character-sequence match of common bigrams is slow.
   * Articles containing the whole word still rank first, through coverage.
   */
  private decompose(term: QueryTerm): QueryTerm[] {
    if (term.kind !== 'han' || [...term.token].length < 3 || this.df(term.token) > 0) return [term];
    const parts = dictionaryParts(term.token, (p) => this.df(p) > 0);
    return parts.length < 2 ? [term] : parts.map((p) => ({ token: p, kind: 'han' as const, surfaces: [p] }));
  }

  /** FTS5 ranking: bm25 over every matching row. Exact; cost grows with the number of matches. */
  private rankFts(expr: string, limit: number, includeSuperseded: boolean, matchedAll: boolean): Candidate[] {
    const sql = includeSuperseded
      ? `SELECT rowid AS doc, ${RANK} AS r FROM kb_index_fts WHERE kb_index_fts MATCH ? ORDER BY r LIMIT ?`
      : `SELECT rowid AS doc, ${RANK} AS r FROM kb_index_fts WHERE kb_index_fts MATCH ?
           AND rowid NOT IN (SELECT doc FROM kb_index_articles WHERE superseded_by IS NOT NULL) ORDER BY r LIMIT ?`;
    return (this.stmt(sql).all(expr, limit) as { doc: number; r: number }[]).map((x) => ({
      doc: x.doc,
      strength: -x.r,
      matchedAll,
    }));
  }

  /**
   * Champion-list ranking: reads at most LIST_DEPTH entries per term. Articles found for every term come first
   * (the AND), then the others (the OR), each by their summed IDF × term weight, as FTS5's bm25 sums them. Exact
   * for terms in at most LIST_DEPTH articles; for common terms it ranks their best articles, which is where the top
   * of the answer is. A term without a usable list contributes its FTS5 top LIST_DEPTH instead (cost grows with its
   * matches, as on the FTS5 path, but the other terms still cost only their lists).
   */
  private rankLists(terms: readonly PlannedTerm[], need: number, includeSuperseded: boolean): Candidate[] {
    const limit = need + OR_MARGIN;
    const total = this.count();
    const avgLength = this.averageLength();
    const acc = new Map<number, { strength: number; hits: number }>();
    const credit = (doc: number, strength: number) => {
      const a = acc.get(doc);
      if (a) {
        a.strength += strength;
        a.hits++;
      } else acc.set(doc, { strength, hits: 1 });
    };
    for (const p of terms) {
      const list = this.usableList(p, limit);
      if (list) {
        // bm25's own IDF (as FTS5 computes it), so both ranking paths order articles alike.
        const idf = Math.max(1e-6, Math.log((total - p.df + 0.5) / (p.df + 0.5)));
        for (let i = 0, n = list.length >>> 1; i < n; i++)
          credit(entryDoc(list, i), idf * impact(entryTf2(list, i), entryLength(list, i), avgLength));
      } else {
        const rows = this.stmt(
          `SELECT rowid, ${RANK} AS r FROM kb_index_fts WHERE kb_index_fts MATCH ? ORDER BY r LIMIT ${LIST_DEPTH}`,
        )
          .raw()
          .all(p.expr) as [number, number][];
        for (const [doc, r] of rows) credit(doc, -r);
      }
    }
    const superseded = includeSuperseded ? undefined : this.supersededDocs();
    const out: Candidate[] = [];
    for (const [doc, a] of acc)
      if (!superseded?.has(doc)) out.push({ doc, strength: a.strength, matchedAll: a.hits === terms.length });
    // The same candidates as the FTS5 path takes: the best `need` articles that have every term, and only when
    // there are fewer, the best `need + OR_MARGIN` that have any.
    out.sort((x, y) => y.strength - x.strength || x.doc - y.doc);
    const all = out.filter((c) => c.matchedAll).slice(0, need);
    if (all.length >= need || terms.length === 1) return all;
    const seen = new Set(all.map((c) => c.doc));
    return all.concat(out.slice(0, need + OR_MARGIN).filter((c) => !seen.has(c.doc)));
  }

  private pageRow(doc: number): PageRow {
    return this.stmt(
      `SELECT doc, id, language, version, superseded_by, plain, category, title, tags, body FROM kb_index_articles WHERE doc = ?`,
    ).get(doc) as PageRow;
  }

  search(query: string, opts: SearchOptions = {}): SearchResponse {
    const started = performance.now();
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 10), 1), 100);
    const offset = Math.max(Math.trunc(opts.offset ?? 0), 0);
    const includeSuperseded = opts.includeSuperseded ?? false;
    const done = (results: SearchResult[], confident: boolean): SearchResponse => ({
      results,
      confident,
      tookMs: round(performance.now() - started, 3),
    });

    const total = this.count();
    const terms = analyseQuery(query.slice(0, 500)).slice(0, MAX_TERMS);
    if (total === 0 || terms.length === 0) return done([], false);
    const planned = terms
      .flatMap((t) => this.decompose(t))
      .slice(0, MAX_TERMS)
      .map((t) => this.plan(t, total));
    // Words the index knows drive the search; loose (typo, single character) terms only when nothing else can.
    const strong = planned.filter(
      (p): p is PlannedTerm & { expr: string } => p.match === 'word' || p.match === 'phrase',
    );
    const usable =
      strong.length > 0
        ? strong
        : planned.filter((p): p is PlannedTerm & { expr: string } => p.expr !== null);
    if (usable.length === 0) return done([], false);

    const need = offset + limit;
    let candidates: Candidate[];
    if (this.options.championLists !== false && need + OR_MARGIN <= LIST_DEPTH && strong.length > 0) {
      candidates = this.rankLists(usable, need, includeSuperseded);
    } else {
      candidates = this.rankFts(usable.map((p) => p.expr).join(' AND '), need, includeSuperseded, true);
      if (candidates.length < need && usable.length > 1) {
        const seen = new Set(candidates.map((c) => c.doc));
        const more = this.rankFts(
          usable.map((p) => p.expr).join(' OR '),
          need + OR_MARGIN,
          includeSuperseded,
          false,
        );
        candidates = candidates.concat(more.filter((c) => !seen.has(c.doc)));
      }
    }
    if (candidates.length === 0) return done([], false);

    const page = this.scorePage(candidates, planned, query, need);
    const confident = isConfident(page[0]!, planned, total);
    const results = page.slice(offset, offset + limit).map(({ row, score }) => {
      const bodyHay: Haystack = haystackOf(row.body, row.plain === 1);
      return {
        id: row.id,
        title: row.title,
        score: round(score, 3),
        snippet: highlightSnippet(row.body, bodyHay, terms),
        version: row.version,
        superseded: row.superseded_by !== null,
        category: row.category,
        tags: JSON.parse(row.tags) as string[],
      };
    });
    return done(results, confident);
  }

  /**
   * The best `need` candidates by final score: coverage of the query × (0.6 + 0.4 × relative strength) × language.
   * Coverage is known without reading the article's text when it matched every strong term and the query has no
   * loose term. Candidates are taken in order of the most they could score, and reading stops
   * when the next one could not enter the page, so the result equals scoring every candidate.
   */
  private scorePage(
    candidates: readonly Candidate[],
    planned: readonly PlannedTerm[],
    query: string,
    need: number,
  ): Scored[] {
    const totalWeight = planned.reduce((s, p) => s + p.weight, 0);
    const strongWeight = planned
      .filter((p) => p.match === 'word' || p.match === 'phrase')
      .reduce((s, p) => s + p.weight, 0);
    const matchableWeight = planned.filter((p) => p.match !== null).reduce((s, p) => s + p.weight, 0);
    const hasLoose = planned.some((p) => p.match === 'loose');
    const best = Math.max(...candidates.map((c) => c.strength));
    const queryLanguage = /\p{Script=Han}/u.test(query) ? 'zh-CN' : 'en';
    const share = (w: number) => (totalWeight <= 0 ? 0 : Math.min(1, w / totalWeight));
    const relative = (c: Candidate) => 0.6 + 0.4 * (best > 0 ? c.strength / best : 1);
    // The most a candidate can score: its exact coverage when it is known without the text, else every term
    // that could match, in the query's language.
    const bounds = candidates.map((c, order) => ({
      c,
      order,
      bound: share(c.matchedAll && !hasLoose ? strongWeight : matchableWeight) * relative(c),
    }));
    bounds.sort((x, y) => y.bound - x.bound || x.order - y.order);

    const page: Scored[] = [];
    const before = (x: Scored, y: Scored) =>
      y.score - x.score || y.c.strength - x.c.strength || x.order - y.order;
    for (const { c, order, bound } of bounds) {
      // A tiny allowance for rounding: the bound and the score sum the same weights in a different order.
      if (page.length >= need && bound + 1e-9 < page[need - 1]!.score) break;
      const row = this.pageRow(c.doc);
      let coverage: number;
      if (c.matchedAll && !hasLoose) coverage = share(strongWeight);
      else {
        const hay = haystackOf(
          `${row.title}\n${(JSON.parse(row.tags) as string[]).join(' ')}\n${row.body}`,
          row.plain === 1,
        );
        coverage = coverageOf(hay.text, planned, totalWeight, c.matchedAll);
      }
      // An article in the language the question was asked in is the one the agent can quote.
      const language = row.language === queryLanguage ? 1 : LANGUAGE_MISMATCH;
      const scored: Scored = { c, order, row, coverage, score: coverage * relative(c) * language };
      let at = page.length;
      while (at > 0 && before(scored, page[at - 1]!) < 0) at--;
      page.splice(at, 0, scored);
      if (page.length > need) page.pop();
    }
    return page;
  }

  /**
   * Articles that may answer a customer's message: its five most specific content words as the query (words the
   * index does not know count as the most specific, so a message about something else stays unconfident), and
   * only when the index is confident, at most three.
   */
  suggestFromMessage(text: string): SearchResult[] {
    const total = this.count();
    if (total === 0) return [];
    const keywords = messageKeywords(text.slice(0, 500))
      .map((t) => ({ t, df: this.df(t.token) }))
      .sort((a, b) => a.df - b.df)
      .slice(0, 5)
      .map((k) => k.t.token);
    if (keywords.length === 0) return [];
    const response = this.search(keywords.join(' '), { limit: 3 });
    return response.confident ? response.results : [];
  }
}

/** Share of the query's weight an article covers. Terms the index knew and the AND matched count in full. */
function coverageOf(
  hay: string,
  planned: readonly PlannedTerm[],
  totalWeight: number,
  matchedAll: boolean,
): number {
  if (totalWeight <= 0) return 0;
  let covered = 0;
  for (const p of planned) {
    if (p.match === null) continue;
    if (p.match === 'loose') {
      // Loose terms count only where the article really contains them; they never make an answer confident alone.
      if (termOccurs(hay, p.term)) covered += p.weight;
    } else if (matchedAll || termOccurs(hay, p.term)) {
      covered += p.weight;
    }
  }
  return Math.min(1, covered / totalWeight);
}

/** Characters of the query each term stands for (a Latin word counts as two), to see how much of it was understood. */
const termLength = (p: PlannedTerm) => (p.term.kind === 'latin' ? 2 : [...p.term.token].length);

function isConfident(
  top: { coverage: number; row: PageRow },
  planned: readonly PlannedTerm[],
  total: number,
): boolean {
  if (top.coverage < CONFIDENT_COVERAGE) return false;
  // Most of the question must be made of words the index knows: "手机充不进电" is not a question about 手机.
  const known = planned
    .filter((p) => p.match === 'word' || p.match === 'phrase')
    .reduce((n, p) => n + termLength(p), 0);
  if (known < 0.5 * planned.reduce((n, p) => n + termLength(p), 0)) return false;
  const head = `${top.row.title}\n${top.row.tags}`.toLowerCase();
  // A confident answer needs one specific term: rare in the collection, or named in the article's title or tags.
  return planned.some(
    (p) => p.match !== null && p.match !== 'loose' && (p.df <= total / 4 || termOccurs(head, p.term)),
  );
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
