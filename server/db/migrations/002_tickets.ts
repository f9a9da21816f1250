import type { Migration } from '../../../shared/db/migrate';

/** The authoritative ticket lifecycle: one persisted machine snapshot per conversation and every transition. */
export const migration: Migration = {
  version: 2,
  name: 'tickets',
  up(db) {
    db.exec(`
      CREATE TABLE tickets (
        conversation_id TEXT PRIMARY KEY REFERENCES conversations(id),
        machine_version INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE ticket_transitions (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        event TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        reason TEXT
      );
      CREATE INDEX ticket_transitions_conv ON ticket_transitions(conversation_id, id);
    `);
  },
};
