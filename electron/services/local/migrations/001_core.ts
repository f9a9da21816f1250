import type { Migration } from '../../../../shared/db/migrate';

export const migration: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE drafts (
        conversation_id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- What the agent pressed Send on and the hub has not acknowledged yet. Survives crashes and restarts.
      CREATE TABLE outbox (
        client_msg_id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','failed')),
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX outbox_conversation ON outbox(conversation_id, created_at);

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        summary TEXT NOT NULL,
        read_seq INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        client_msg_id TEXT NOT NULL,
        sender_kind TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        payload TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      ) WITHOUT ROWID;
    `);
  },
};
