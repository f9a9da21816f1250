import type { Migration } from '../../../shared/db/migrate';

/** QA: drawn samples, two-level reviews, comments pinned to messages, and appeal cases. */
export const migration: Migration = {
  version: 7,
  name: 'qa',
  up(db) {
    db.exec(`
      CREATE TABLE qa_samples (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL,
        seed TEXT NOT NULL,
        branch_id TEXT,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        drawn_by TEXT NOT NULL,
        drawn_at TEXT NOT NULL,
        result TEXT NOT NULL
      );
      CREATE TABLE qa_sample_items (
        sample_id TEXT NOT NULL REFERENCES qa_samples(id),
        conversation_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        reasons TEXT NOT NULL,
        PRIMARY KEY (sample_id, conversation_id)
      );
      CREATE INDEX qa_sample_items_conversation ON qa_sample_items(conversation_id);
      CREATE TABLE qa_reviews (
        conversation_id TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('branch','head_office')),
        review TEXT NOT NULL,
        reviewer_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, level)
      );
      CREATE INDEX qa_reviews_branch ON qa_reviews(branch_id, reviewed_at);
      CREATE TABLE qa_comments (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        message_seq INTEGER NOT NULL,
        author_id TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX qa_comments_conversation ON qa_comments(conversation_id, message_seq);
      CREATE TABLE qa_appeals (
        conversation_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        status TEXT NOT NULL,
        appeal TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
