import type { Migration } from '../../../shared/db/migrate';

export const migration: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE branches (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        region_id TEXT NOT NULL
      );

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agent','qa','lead')),
        branch_id TEXT REFERENCES branches(id),
        skills TEXT NOT NULL DEFAULT '[]',
        capacity INTEGER NOT NULL DEFAULT 5,
        password_hash TEXT NOT NULL,
        head_office INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        branch_id TEXT,
        channel TEXT NOT NULL DEFAULT 'h5',
        skill_group TEXT NOT NULL,
        state TEXT NOT NULL,
        owner_id TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_message_preview TEXT NOT NULL DEFAULT '',
        last_message_at TEXT,
        created_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX conversations_customer ON conversations(customer_id, closed_at);
      CREATE INDEX conversations_owner ON conversations(owner_id) WHERE closed_at IS NULL;
      CREATE INDEX conversations_branch ON conversations(branch_id, created_at);

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE,
        client_msg_id TEXT NOT NULL,
        sender_kind TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        payload TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (conversation_id, client_msg_id)
      ) WITHOUT ROWID;
    `);
  },
};
