import type { Migration } from '../../../shared/db/migrate';

/** Product pushes with their suitability decision, and the customer's confirmation where one is required. */
export const migration: Migration = {
  version: 6,
  name: 'product_pushes',
  up(db) {
    db.exec(`
      CREATE TABLE product_pushes (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        product_code TEXT NOT NULL,
        customer_initiated INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('allow','confirm','deny')),
        reasons TEXT NOT NULL,
        message_seq INTEGER,
        created_at TEXT NOT NULL,
        confirmed_at TEXT
      );
      CREATE INDEX product_pushes_conversation ON product_pushes(conversation_id, created_at);

      -- Per-conversation compliance facts the hub keeps for escalation and QA sampling.
      CREATE TABLE compliance_events (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('shown','block','ack','override')),
        rule_ids TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX compliance_events_conversation ON compliance_events(conversation_id, kind);
    `);
  },
};
