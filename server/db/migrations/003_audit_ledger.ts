import type { Migration } from '../../../shared/db/migrate';

/**
 * The append-only, hash-chained audit ledger. Triggers refuse UPDATE and DELETE in the database itself, so no code
 * path (and no ad-hoc SQL session using this schema) can rewrite history; the hash chain catches what is done
 * around the triggers.
 */
export const migration: Migration = {
  version: 3,
  name: 'audit_ledger',
  up(db) {
    db.exec(`
      CREATE TABLE audit_ledger (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        kind      TEXT NOT NULL,
        subject   TEXT NOT NULL,
        payload   TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      );
      CREATE INDEX audit_ledger_at ON audit_ledger (at);
      CREATE TRIGGER audit_ledger_no_update BEFORE UPDATE ON audit_ledger
      BEGIN
        SELECT RAISE(ABORT, 'audit_ledger is append-only: UPDATE is not allowed');
      END;
      CREATE TRIGGER audit_ledger_no_delete BEFORE DELETE ON audit_ledger
      BEGIN
        SELECT RAISE(ABORT, 'audit_ledger is append-only: DELETE is not allowed');
      END;
    `);
  },
};
