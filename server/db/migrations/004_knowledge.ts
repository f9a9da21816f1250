import type { Migration } from '../../../shared/db/migrate';

/**
 * The master knowledge base. Every change to an article (content, likes, quotes, supersession) takes the next
 * `change_seq`, so workstations pull `change_seq > cursor` and never miss or re-read a change.
 */
export const migration: Migration = {
  version: 4,
  name: 'knowledge',
  up(db) {
    db.exec(`
      CREATE TABLE kb_articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        category TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('zh-CN','en')),
        version INTEGER NOT NULL CHECK (version >= 1),
        effective_from TEXT NOT NULL,
        superseded_by TEXT REFERENCES kb_articles(id),
        author TEXT NOT NULL,
        likes INTEGER NOT NULL DEFAULT 0,
        quote_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        change_seq INTEGER NOT NULL UNIQUE
      );

      -- Every published version, so QA can read exactly what a quote [KB-0012 v3] said.
      CREATE TABLE kb_article_versions (
        article_id TEXT NOT NULL REFERENCES kb_articles(id),
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        category TEXT NOT NULL,
        language TEXT NOT NULL,
        effective_from TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
      );

      -- Agents' proposals (new articles) and insights (补充见解 on an existing article), reviewed before publishing.
      CREATE TABLE kb_contributions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('proposal','insight')),
        article_id TEXT REFERENCES kb_articles(id),
        title TEXT,
        body TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        category TEXT,
        language TEXT NOT NULL DEFAULT 'zh-CN',
        author TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        reviewer TEXT,
        reason TEXT,
        created_at TEXT NOT NULL,
        decided_at TEXT,
        CHECK (kind = 'proposal' OR article_id IS NOT NULL)
      );
      CREATE INDEX kb_contributions_pending ON kb_contributions(created_at) WHERE status = 'pending';

      CREATE TABLE kb_likes (
        article_id TEXT NOT NULL REFERENCES kb_articles(id),
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (article_id, user_id)
      );
    `);
  },
};
