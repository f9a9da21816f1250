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
 * - ranking: FTS5's bm25 costs about half a microsecond per matching row, which is fine for rare words and too slow
 *   for common ones in a large base. So each word also has an impact-ordered "champion list" (its top
 *   LIST_DEPTH articles by bm25 term weight, Manning et al. §7.1.3), rebuilt by `refreshRanking()` for the words
 *   whose articles changed. When every query word has a fresh list, ranking reads those lists and never touches
 *   the posting lists of common words; otherwise it falls back to FTS5 (AND first, OR when the page is short).
 * - the final candidates are re-scored by how much of the query (weighted by IDF) each article really covers,
 *   which also decides whether the answer is confident; highlighting runs only on the final page.
 */
import type Database from 'better-sqlite3';
import { articleSchema, type Article } from '../../../shared/knowledge/article';
import type { SearchResponse, SearchResult } from '../../../shared/knowledge/search';
import type { MigratableDatabase } from '../../../shared/db/migrate';
import {
  analyseDocument,
  analyseQuery,
  dictionaryParts,
  GRAM_PREFIX,
  hanBigrams,
  messageKeywords,
  type QueryTerm,
} from './text';
import { haystackOf, highlightSnippet, termOccurs, type Haystack } from './snippet';

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
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        category TEXT NOT NULL,
        language TEXT NOT NULL,
        version INTEGER NOT NULL,
        effective_from TEXT NOT NULL,
        superseded_by TEXT,
        author TEXT NOT NULL,
        likes INTEGER NOT NULL DEFAULT 0,
        quote_count INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        -- 1 when OpenCC changes nothing beyond NFKC and letter case: highlighting then skips OpenCC
        plain INTEGER NOT NULL,
        -- tokens in all indexed columns (as FTS5 counts them), for the length normalisation of the champion lists
        token_count INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS kb_index_articles_superseded ON kb_index_articles(doc) WHERE superseded_by IS NOT NULL;
      CREATE VIRTUAL TABLE IF NOT EXISTS kb_index_fts USING fts5(
        title, tags, body, grams,
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS kb_index_vocab USING fts5vocab(kb_index_fts, 'row');
      -- Champion lists: per word, its top articles by impact (bm25 term weight without IDF).
      CREATE TABLE IF NOT EXISTS kb_index_postings (
        term TEXT NOT NULL,
        impact REAL NOT NULL,
        doc INTEGER NOT NULL,
        PRIMARY KEY (term, impact DESC, doc)
      ) WITHOUT ROWID;
      -- Words whose champion list is up to date (a changed article removes its words from here).
      CREATE TABLE IF NOT EXISTS kb_index_lists (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
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

interface ArticleRow {
  doc: number;
  id: string;
  title: string;
  body: string;
  tags: string;
  category: string;
  language: string;
  version: number;
  effective_from: string;
  superseded_by: string | null;
  author: string;
  likes: number;
  quote_count: number;
  updated_at: string;
  plain: number;
  token_count: number;
}

function fromRow(row: ArticleRow): Article {
  return articleSchema.parse({
    id: row.id,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    category: row.category,
    language: row.language,
    version: row.version,
    effectiveFrom: row.effective_from,
    supersededBy: row.superseded_by ?? undefined,
    author: row.author,
    likes: row.likes,
    quoteCount: row.quote_count,
    updatedAt: row.updated_at,
  });
}

// Column weights: titles and tags say what an article is about; bigrams only stand in for words the segmenter
// cut differently. The same weights drive bm25 (FTS5 path) and the champion-list impacts.
const WEIGHTS = { title: 8, tags: 4, body: 1 } as const;
const RANK = `bm25(kb_index_fts, ${WEIGHTS.title}.0, ${WEIGHTS.tags}.0, ${WEIGHTS.body}.0, 0.5)`;
const K1 = 1.2;
const B = 0.75;
/** Articles kept per word in its champion list; pages deeper than half of it use FTS5. */
export const LIST_DEPTH = 100;
const MAX_TERMS = 8;
/** Extra candidates re-scored by coverage, so a partial match on the rare terms can beat a common-word match. */
const OR_MARGIN = 20;
/** Coverage weight of a lone Han character: a tie-breaker, not evidence. */
const SINGLE_CHAR_WEIGHT = 0.15;
/** Score factor for an article in the other language than the query's. */
const LANGUAGE_MISMATCH = 0.85;
/** Share of the query's weight the best article must cover to be a confident answer. */
const CONFIDENT_COVERAGE = 0.7;

type TermMatch = 'word' | 'phrase' | 'loose';

interface PlannedTerm {
  term: QueryTerm;
  /** FTS5 expression, or null when nothing in the index can match this term */
  expr: string | null;
  match: TermMatch | null;
  /** IDF-like weight: unknown words weigh the most, so an off-topic word sinks confidence */
  weight: number;
  df: number;
}

interface Candidate {
  doc: number;
  strength: number;
  /** known to contain every strong query term */
  matchedAll: boolean;
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;
const isGramToken = (token: string) => token.startsWith(GRAM_PREFIX) && /^g\p{Script=Han}/u.test(token);

export class KnowledgeIndex {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly dfCache = new Map<string, number>();
  /** term → df of its fresh champion list, or null when it has none */
  private readonly listCache = new Map<string, number | null>();
  private cachedCount: number | undefined;
  private superseded: Set<number> | undefined;

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
    this.superseded = undefined;
  }

  // ------------------------------------------------------------------------------------------------- writes

  /** Inserts or updates articles in one transaction; the FTS rows change in the same transaction. */
  upsert(articles: readonly Article[]): UpsertStats {
    const stats: UpsertStats = { inserted: 0, reindexed: 0, metadataOnly: 0, skipped: 0 };
    const touched = new Set<string>();
    this.db.transaction(() => {
      for (const input of articles) {
        const a = articleSchema.parse(input);
        const existing = this.stmt(`SELECT * FROM kb_index_articles WHERE id = ?`).get(a.id) as
          ArticleRow | undefined;
        const tags = JSON.stringify(a.tags);
        if (!existing) {
          const analysed = analyseDocument(a);
          const info = this.stmt(
            `INSERT INTO kb_index_articles (id, title, body, tags, category, language, version, effective_from, superseded_by, author, likes, quote_count, updated_at,
               plain, token_count)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            a.id,
            a.title,
            a.body,
            tags,
            a.category,
            a.language,
            a.version,
            a.effectiveFrom,
            a.supersededBy ?? null,
            a.author,
            a.likes,
            a.quoteCount,
            a.updatedAt,
            analysed.plain ? 1 : 0,
            analysed.tokenCount,
          );
          this.insertFts(Number(info.lastInsertRowid), analysed.text);
          for (const w of analysed.words) touched.add(w);
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
          `UPDATE kb_index_articles SET title = ?, body = ?, tags = ?, category = ?, language = ?, version = ?, effective_from = ?, superseded_by = ?,
             author = ?, likes = ?, quote_count = ?, updated_at = ? WHERE doc = ?`,
        ).run(
          a.title,
          a.body,
          tags,
          a.category,
          a.language,
          a.version,
          a.effectiveFrom,
          a.supersededBy ?? null,
          a.author,
          a.likes,
          a.quoteCount,
          a.updatedAt,
          existing.doc,
        );
        if (!contentChanged) {
          stats.metadataOnly++;
          continue;
        }
        for (const w of analyseDocument(fromRow(existing)).words) touched.add(w);
        const analysed = analyseDocument(a);
        this.stmt(`UPDATE kb_index_articles SET plain = ?, token_count = ? WHERE doc = ?`).run(
          analysed.plain ? 1 : 0,
          analysed.tokenCount,
          existing.doc,
        );
        this.stmt(`DELETE FROM kb_index_fts WHERE rowid = ?`).run(existing.doc);
        this.insertFts(existing.doc, analysed.text);
        for (const w of analysed.words) touched.add(w);
        stats.reindexed++;
      }
      this.markStale(touched);
    })();
    this.invalidate();
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

  /** Words whose articles changed lose their champion list until `refreshRanking()`; search uses FTS5 for them. */
  private markStale(words: Iterable<string>): void {
    const del = this.stmt(`DELETE FROM kb_index_lists WHERE term = ?`);
    for (const w of words) del.run(w);
  }

  remove(ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        const row = this.stmt(`SELECT * FROM kb_index_articles WHERE id = ?`).get(id) as
          ArticleRow | undefined;
        if (!row) continue;
        this.markStale(analyseDocument(fromRow(row)).words);
        this.stmt(`DELETE FROM kb_index_fts WHERE rowid = ?`).run(row.doc);
        this.stmt(`DELETE FROM kb_index_articles WHERE doc = ?`).run(row.doc);
      }
    })();
    this.invalidate();
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
    const row = this.stmt(`SELECT value FROM kb_index_meta WHERE key = 'sync_cursor'`).get() as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setSyncCursor(cursor: string): void {
    this.stmt(
      `INSERT INTO kb_index_meta (key, value) VALUES ('sync_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ).run(cursor);
  }

  /**
   * Rebuilds the champion list of every word that has none or whose articles changed. Cheap after a small sync
   * (a few hundred words), a few seconds after a bulk import of 100,000 articles. Returns the words rebuilt.
   */
  refreshRanking(): number {
    const words = (
      this.stmt(
        `SELECT v.term AS term FROM kb_index_vocab v WHERE NOT EXISTS (SELECT 1 FROM kb_index_lists l WHERE l.term = v.term)`,
      )
        .raw()
        .all() as [string][]
    )
      .map(([t]) => t)
      .filter((t) => !isGramToken(t));
    if (words.length === 0) return 0;
    const stats = this.stmt(
      `SELECT max(doc) AS maxDoc, avg(token_count) AS len FROM kb_index_articles`,
    ).get() as { maxDoc: number | null; len: number | null };
    // Same shape as FTS5's bm25: field-weighted term frequency, saturated against the whole article's length.
    const lengthNorm = new Float64Array((stats.maxDoc ?? 0) + 1);
    const avgLength = Math.max(stats.len ?? 1, 1);
    for (const [doc, length] of this.stmt(`SELECT doc, token_count FROM kb_index_articles`).raw().all() as [
      number,
      number,
    ][]) {
      lengthNorm[doc] = K1 * (1 - B + (B * length) / avgLength);
    }
    this.db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_index_instance USING fts5vocab(main, kb_index_fts, 'instance')`,
    );
    const instances = this.db.prepare(`SELECT doc, col FROM temp.kb_index_instance WHERE term = ?`).raw();
    const clear = this.stmt(`DELETE FROM kb_index_postings WHERE term = ?`);
    const insert = this.stmt(`INSERT INTO kb_index_postings (term, impact, doc) VALUES (?, ?, ?)`);
    const fresh = this.stmt(`INSERT OR REPLACE INTO kb_index_lists (term, df) VALUES (?, ?)`);
    this.db.transaction(() => {
      for (const term of words) {
        const weighted = new Map<number, number>();
        for (const [doc, col] of instances.all(term) as [number, string][]) {
          const w =
            col === 'title'
              ? WEIGHTS.title
              : col === 'tags'
                ? WEIGHTS.tags
                : col === 'body'
                  ? WEIGHTS.body
                  : 0;
          weighted.set(doc, (weighted.get(doc) ?? 0) + w);
        }
        const top = [...weighted].map(
          ([doc, tf]) => [doc, (tf * (K1 + 1)) / (tf + lengthNorm[doc]!)] as const,
        );
        top.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        clear.run(term);
        for (const [doc, impact] of top.slice(0, LIST_DEPTH)) insert.run(term, impact, doc);
        fresh.run(term, weighted.size);
      }
    })();
    this.invalidate();
    return words.length;
  }

  /** After a bulk import: merges the FTS segments and rebuilds the champion lists. */
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

  /** Number of articles whose index holds this token (cached until the next write). */
  private df(token: string): number {
    let n = this.dfCache.get(token);
    if (n === undefined) {
      n =
        (this.stmt(`SELECT doc FROM kb_index_vocab WHERE term = ?`).get(token) as { doc: number } | undefined)
          ?.doc ?? 0;
      if (this.dfCache.size > 20_000) this.dfCache.clear();
      this.dfCache.set(token, n);
    }
    return n;
  }

  /** df recorded with the word's fresh champion list, or null when it has none. */
  private listOf(term: string): number | null {
    let n = this.listCache.get(term);
    if (n === undefined) {
      n =
        (this.stmt(`SELECT df FROM kb_index_lists WHERE term = ?`).get(term) as { df: number } | undefined)
          ?.df ?? null;
      if (this.listCache.size > 20_000) this.listCache.clear();
      this.listCache.set(term, n);
    }
    return n;
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
      };
    }
    const df = this.df(term.token);
    if (df > 0) return { term, expr: quote(term.token), match: 'word', weight: idf(df), df };
    if (term.kind === 'latin') return { term, expr: null, match: null, weight: unknown, df: 0 };
    const grams = hanBigrams(term.token).map((g) => GRAM_PREFIX + g);
    const gramDf = grams.map((g) => this.df(g));
    if (gramDf.every((n) => n > 0)) {
      // The words exist in the text but were segmented differently: match the characters in sequence.
      const estimate = Math.min(...gramDf);
      return { term, expr: `"${grams.join(' ')}"`, match: 'phrase', weight: idf(estimate), df: estimate };
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
   * Champion-list ranking: reads at most LIST_DEPTH rows per word. Articles found in every list come first (the
   * AND), then the others (the OR), each by their summed IDF × impact. Exact for words in at most LIST_DEPTH
   * articles; for common words it ranks their best articles, which is where the top of the answer is.
   */
  private rankLists(terms: readonly PlannedTerm[], limit: number, includeSuperseded: boolean): Candidate[] {
    const list = this.stmt(
      `SELECT doc, impact FROM kb_index_postings WHERE term = ? ORDER BY impact DESC LIMIT ${LIST_DEPTH}`,
    ).raw();
    const total = this.count();
    const acc = new Map<number, { strength: number; hits: number }>();
    for (const p of terms) {
      // bm25's own IDF (as FTS5 computes it), so both ranking paths order articles alike.
      const idf = Math.max(1e-6, Math.log((total - p.df + 0.5) / (p.df + 0.5)));
      for (const [doc, impact] of list.all(p.term.token) as [number, number][]) {
        const a = acc.get(doc);
        if (a) {
          a.strength += idf * impact;
          a.hits++;
        } else acc.set(doc, { strength: idf * impact, hits: 1 });
      }
    }
    const superseded = includeSuperseded ? undefined : this.supersededDocs();
    const out: Candidate[] = [];
    for (const [doc, a] of acc)
      if (!superseded?.has(doc)) out.push({ doc, strength: a.strength, matchedAll: a.hits === terms.length });
    out.sort(
      (x, y) => Number(y.matchedAll) - Number(x.matchedAll) || y.strength - x.strength || x.doc - y.doc,
    );
    return out.slice(0, limit);
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
    const listsUsable = this.options.championLists !== false && need + OR_MARGIN <= LIST_DEPTH;
    if (listsUsable && usable.every((p) => p.match === 'word' && this.listOf(p.term.token) === p.df)) {
      candidates = this.rankLists(usable, need + OR_MARGIN, includeSuperseded);
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

    const totalWeight = planned.reduce((s, p) => s + p.weight, 0);
    const best = Math.max(...candidates.map((c) => c.strength));
    const queryLanguage = /\p{Script=Han}/u.test(query) ? 'zh-CN' : 'en';
    const scored = candidates.map((c) => {
      const row = this.stmt(`SELECT * FROM kb_index_articles WHERE doc = ?`).get(c.doc) as ArticleRow;
      const hay = haystackOf(
        `${row.title}\n${(JSON.parse(row.tags) as string[]).join(' ')}\n${row.body}`,
        row.plain === 1,
      );
      const coverage = coverageOf(hay.text, planned, totalWeight, c.matchedAll);
      // An article in the language the question was asked in is the one the agent can quote.
      const language = row.language === queryLanguage ? 1 : LANGUAGE_MISMATCH;
      const score = coverage * (0.6 + 0.4 * (best > 0 ? c.strength / best : 1)) * language;
      return { c, row, coverage, score };
    });
    scored.sort((a, b) => b.score - a.score || b.c.strength - a.c.strength);
    const confident = isConfident(scored[0]!, planned, total);

    const results = scored.slice(offset, offset + limit).map(({ row, score }) => {
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
  top: { coverage: number; row: ArticleRow },
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
