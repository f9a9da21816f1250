/**
 * The hub's master knowledge base (tables from migration 004): articles with version history, agents'
 * contributions and their review, likes and quote counts. Every write that workstations should see takes the next
 * `change_seq`, which is what `listChangesSince` pages through.
 */
import type Database from 'better-sqlite3';
import {
  articleFromColumns,
  guessLanguage,
  importLineSchema,
  sameContent,
  type Article,
  type ImportLine,
  type StoredArticleColumns,
} from '../../shared/knowledge/article';
import {
  decisionSchema,
  insightTextSchema,
  proposalInputSchema,
  type Contribution,
  type Decision,
  type ProposalInput,
} from '../../shared/knowledge/contribution';
import { AppFailure } from '../../shared/result';

type Db = Database.Database;

interface ArticleRow extends StoredArticleColumns {
  created_at: string;
  change_seq: number;
}

interface ContributionRow {
  id: number;
  kind: 'proposal' | 'insight';
  article_id: string | null;
  title: string | null;
  body: string;
  tags: string;
  category: string | null;
  language: 'zh-CN' | 'en';
  author: string;
  status: 'pending' | 'approved' | 'rejected';
  reviewer: string | null;
  reason: string | null;
  created_at: string;
  decided_at: string | null;
}

const fromRow = (row: ArticleRow): Article => articleFromColumns(row);

function contributionFromRow(row: ContributionRow): Contribution {
  const c: Contribution = {
    id: row.id,
    kind: row.kind,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    language: row.language,
    author: row.author,
    status: row.status,
    createdAt: row.created_at,
  };
  if (row.article_id !== null) c.articleId = row.article_id;
  if (row.title !== null) c.title = row.title;
  if (row.category !== null) c.category = row.category;
  if (row.reviewer !== null) c.reviewer = row.reviewer;
  if (row.reason !== null) c.reason = row.reason;
  if (row.decided_at !== null) c.decidedAt = row.decided_at;
  return c;
}

const iso = (now: Date) => now.toISOString();

function nextSeq(db: Db): number {
  return (db.prepare(`SELECT COALESCE(MAX(change_seq), 0) + 1 AS n FROM kb_articles`).get() as { n: number })
    .n;
}

function requireArticle(db: Db, id: string): ArticleRow {
  const row = db.prepare(`SELECT * FROM kb_articles WHERE id = ?`).get(id) as ArticleRow | undefined;
  if (!row) throw new AppFailure('NOT_FOUND', `知识 ${id} 不存在 / No article ${id}`);
  return row;
}

function expectOneRow(changes: number, what: string): void {
  if (changes !== 1) throw new AppFailure('INTERNAL', `${what}: expected 1 row changed, got ${changes}`);
}

type Content = Pick<Article, 'id' | 'title' | 'body' | 'tags' | 'category' | 'language' | 'author'>;

function insertArticle(db: Db, a: Content, now: Date): void {
  const at = iso(now);
  db.prepare(
    `INSERT INTO kb_articles (id, title, body, tags, category, language, version, effective_from, author, created_at, updated_at, change_seq)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
  ).run(
    a.id,
    a.title,
    a.body,
    JSON.stringify(a.tags),
    a.category,
    a.language,
    at.slice(0, 10),
    a.author,
    at,
    at,
    nextSeq(db),
  );
  insertVersion(db, a.id, now);
}

/** Publishes new content as the next version; the previous text stays in kb_article_versions. */
function publishVersion(db: Db, current: ArticleRow, next: Omit<Content, 'id' | 'author'>, now: Date): void {
  const at = iso(now);
  const info = db
    .prepare(
      `UPDATE kb_articles SET title = ?, body = ?, tags = ?, category = ?, language = ?, version = version + 1, effective_from = ?,
         updated_at = ?, change_seq = ? WHERE id = ? AND version = ?`,
    )
    .run(
      next.title,
      next.body,
      JSON.stringify(next.tags),
      next.category,
      next.language,
      at.slice(0, 10),
      at,
      nextSeq(db),
      current.id,
      current.version,
    );
  // The version guard turns a concurrent edit into a clear conflict instead of a lost update.
  if (info.changes !== 1)
    throw new AppFailure(
      'CONFLICT',
      `知识 ${current.id} 已被他人修改 / Article ${current.id} changed meanwhile`,
    );
  insertVersion(db, current.id, now);
}

function insertVersion(db: Db, id: string, now: Date): void {
  db.prepare(
    `INSERT INTO kb_article_versions (article_id, version, title, body, tags, category, language, effective_from, author, created_at)
     SELECT id, version, title, body, tags, category, language, effective_from, author, ? FROM kb_articles WHERE id = ?`,
  ).run(iso(now), id);
}

/** Bumps change_seq (and updated_at) so that workstations pull the new counts or supersession. */
function touch(db: Db, id: string, now: Date): void {
  expectOneRow(
    db
      .prepare(`UPDATE kb_articles SET change_seq = ?, updated_at = ? WHERE id = ?`)
      .run(nextSeq(db), iso(now), id).changes,
    'touch article',
  );
}

// ------------------------------------------------------------------------------------------------------ articles

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

// Write transactions here are IMMEDIATE: the hub's writer worker has its own connection, and a deferred transaction that
// read first could not wait for the write lock (SQLITE_BUSY) where an immediate one waits out busy_timeout.

/** Imports validated lines in one transaction: new ids are created, changed ones get a new version, equal ones are left. */
export function importArticles(
  db: Db,
  lines: readonly ImportLine[],
  author: string,
  now: Date = new Date(),
): ImportResult {
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0 };
  db.transaction(() => {
    for (const input of lines) {
      const line = importLineSchema.parse(input);
      const language = line.language ?? guessLanguage(line);
      const next = { title: line.title, body: line.body, tags: line.tags, category: line.category, language };
      const current = db.prepare(`SELECT * FROM kb_articles WHERE id = ?`).get(line.id) as
        ArticleRow | undefined;
      if (!current) {
        insertArticle(db, { id: line.id, author, ...next }, now);
        result.created++;
      } else if (sameContent(fromRow(current), next)) {
        result.unchanged++;
      } else {
        publishVersion(db, current, next, now);
        result.updated++;
      }
    }
  }).immediate();
  return result;
}

export function getArticle(db: Db, id: string): Article | undefined {
  const row = db.prepare(`SELECT * FROM kb_articles WHERE id = ?`).get(id) as ArticleRow | undefined;
  return row ? fromRow(row) : undefined;
}

/** The text of one published version, for QA reading an old quote. */
export function getArticleVersion(
  db: Db,
  id: string,
  version: number,
): Pick<Article, 'id' | 'title' | 'body' | 'version'> | undefined {
  const row = db
    .prepare(
      `SELECT article_id AS id, title, body, version FROM kb_article_versions WHERE article_id = ? AND version = ?`,
    )
    .get(id, version) as { id: string; title: string; body: string; version: number } | undefined;
  return row;
}

/** Articles changed after `cursor`, oldest change first; pass the returned cursor back to get the next page. */
export function listChangesSince(
  db: Db,
  cursor: number,
  limit: number,
): { articles: Article[]; cursor: number } {
  const pageSize = Math.min(Math.max(Math.trunc(limit), 1), 1000);
  const rows = db
    .prepare(`SELECT * FROM kb_articles WHERE change_seq > ? ORDER BY change_seq LIMIT ?`)
    .all(Math.max(0, Math.trunc(cursor)), pageSize) as ArticleRow[];
  return {
    articles: rows.map(fromRow),
    cursor: rows.length > 0 ? rows[rows.length - 1]!.change_seq : cursor,
  };
}

/** Marks `id` as replaced by `by`: workstations then refuse to quote it without an acknowledgement. */
export function supersedeArticle(db: Db, id: string, by: string, now: Date = new Date()): Article {
  return db
    .transaction(() => {
      if (id === by)
        throw new AppFailure('BAD_REQUEST', '知识不能取代自己 / An article cannot supersede itself');
      requireArticle(db, id);
      const replacement = requireArticle(db, by);
      if (replacement.superseded_by !== null)
        throw new AppFailure('CONFLICT', `${by} 本身已被取代 / ${by} is itself superseded`);
      db.prepare(`UPDATE kb_articles SET superseded_by = ? WHERE id = ?`).run(by, id);
      touch(db, id, now);
      return getArticle(db, id)!;
    })
    .immediate();
}

/** One like per user and article; liking again changes nothing. */
export function likeArticle(
  db: Db,
  id: string,
  user: string,
  now: Date = new Date(),
): { likes: number; added: boolean } {
  return db
    .transaction(() => {
      requireArticle(db, id);
      const added =
        db
          .prepare(`INSERT OR IGNORE INTO kb_likes (article_id, user_id, created_at) VALUES (?, ?, ?)`)
          .run(id, user, iso(now)).changes === 1;
      if (added) {
        db.prepare(`UPDATE kb_articles SET likes = likes + 1 WHERE id = ?`).run(id);
        touch(db, id, now);
      }
      return { likes: requireArticle(db, id).likes, added };
    })
    .immediate();
}

/** Counts a quote sent to a customer; returns the new count. */
export function recordQuote(db: Db, id: string, now: Date = new Date()): number {
  return db
    .transaction(() => {
      requireArticle(db, id);
      db.prepare(`UPDATE kb_articles SET quote_count = quote_count + 1 WHERE id = ?`).run(id);
      touch(db, id, now);
      return requireArticle(db, id).quote_count;
    })
    .immediate();
}

// ------------------------------------------------------------------------------------------------ contributions

function getContribution(db: Db, id: number): Contribution {
  const row = db.prepare(`SELECT * FROM kb_contributions WHERE id = ?`).get(id) as
    ContributionRow | undefined;
  if (!row) throw new AppFailure('NOT_FOUND', `贡献 ${id} 不存在 / No contribution ${id}`);
  return contributionFromRow(row);
}

export function proposeArticle(
  db: Db,
  input: ProposalInput & { author: string },
  now: Date = new Date(),
): Contribution {
  const parsed = proposalInputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppFailure('BAD_REQUEST', '提交的知识不完整 / Invalid proposal', parsed.error.issues);
  const p = parsed.data;
  const info = db
    .prepare(
      `INSERT INTO kb_contributions (kind, title, body, tags, category, language, author, created_at) VALUES ('proposal', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      p.title,
      p.body,
      JSON.stringify(p.tags),
      p.category,
      p.language ?? guessLanguage(p),
      input.author,
      iso(now),
    );
  return getContribution(db, Number(info.lastInsertRowid));
}

export function appendInsight(
  db: Db,
  articleId: string,
  text: string,
  author: string,
  now: Date = new Date(),
): Contribution {
  const parsed = insightTextSchema.safeParse(text);
  if (!parsed.success)
    throw new AppFailure(
      'BAD_REQUEST',
      '补充见解需 5–2000 字 / An insight needs 5–2000 characters',
      parsed.error.issues,
    );
  const article = requireArticle(db, articleId);
  if (article.superseded_by !== null) {
    throw new AppFailure(
      'CONFLICT',
      `知识 ${articleId} 已被 ${article.superseded_by} 取代，请补充到新知识 / Article superseded by ${article.superseded_by}`,
    );
  }
  const info = db
    .prepare(
      `INSERT INTO kb_contributions (kind, article_id, body, language, author, created_at) VALUES ('insight', ?, ?, ?, ?, ?)`,
    )
    .run(articleId, parsed.data, article.language, author, iso(now));
  return getContribution(db, Number(info.lastInsertRowid));
}

export function listPending(db: Db): Contribution[] {
  return (
    db
      .prepare(`SELECT * FROM kb_contributions WHERE status = 'pending' ORDER BY created_at, id`)
      .all() as ContributionRow[]
  ).map(contributionFromRow);
}

/** Next free id of the form KB-0001 (four digits at least). */
function nextArticleId(db: Db): string {
  const ids = db.prepare(`SELECT id FROM kb_articles WHERE id LIKE 'KB-%'`).all() as { id: string }[];
  const max = ids.reduce((m, r) => Math.max(m, Number(/^KB-(\d+)$/.exec(r.id)?.[1] ?? 0)), 0);
  return `KB-${String(max + 1).padStart(4, '0')}`;
}

/** The text an approved insight adds to its article: attributed, dated, set apart from the reviewed body. */
export function insightAppendix(text: string, author: string, at: Date): string {
  return `\n\n【补充见解 · ${author} · ${iso(at).slice(0, 10)}】${text}`;
}

/**
 * Approves or rejects a pending contribution. Approving a proposal publishes a new article; approving an insight
 * publishes the next version of its article with the insight appended and attributed. Nobody reviews their own.
 */
export function decideContribution(
  db: Db,
  id: number,
  decision: Decision,
  now: Date = new Date(),
): { contribution: Contribution; article?: Article } {
  const parsed = decisionSchema.safeParse(decision);
  if (!parsed.success)
    throw new AppFailure(
      'BAD_REQUEST',
      parsed.error.issues.map((i) => i.message).join('; '),
      parsed.error.issues,
    );
  const d = parsed.data;
  return db
    .transaction(() => {
      const c = getContribution(db, id);
      if (c.status !== 'pending')
        throw new AppFailure(
          'CONFLICT',
          `贡献 ${id} 已处理（${c.status}）/ Contribution ${id} was already ${c.status}`,
        );
      if (c.author === d.reviewer)
        throw new AppFailure('FORBIDDEN', '不能审核自己的贡献 / You cannot review your own contribution');
      let articleId = c.articleId ?? null;
      if (d.approve && c.kind === 'proposal') {
        articleId = nextArticleId(db);
        insertArticle(
          db,
          {
            id: articleId,
            title: c.title!,
            body: c.body,
            tags: c.tags,
            category: c.category!,
            language: c.language,
            author: c.author,
          },
          now,
        );
      } else if (d.approve && c.kind === 'insight') {
        const current = requireArticle(db, c.articleId!);
        if (current.superseded_by !== null)
          throw new AppFailure(
            'CONFLICT',
            `知识 ${current.id} 已被取代 / Article ${current.id} is superseded`,
          );
        publishVersion(
          db,
          current,
          { ...fromRow(current), body: current.body + insightAppendix(c.body, c.author, now) },
          now,
        );
      }
      const changes = db
        .prepare(
          `UPDATE kb_contributions SET status = ?, reviewer = ?, reason = ?, decided_at = ?, article_id = ? WHERE id = ? AND status = 'pending'`,
        )
        .run(
          d.approve ? 'approved' : 'rejected',
          d.reviewer,
          d.reason ?? null,
          iso(now),
          articleId,
          id,
        ).changes;
      expectOneRow(changes, 'decide contribution');
      const article = d.approve && articleId ? getArticle(db, articleId) : undefined;
      return article
        ? { contribution: getContribution(db, id), article }
        : { contribution: getContribution(db, id) };
    })
    .immediate();
}
