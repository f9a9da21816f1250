import type { Migration } from '../../../shared/db/migrate';

/** Customer profiles: the validated profile as JSON, with the columns the hub looks customers up by. */
export const migration: Migration = {
  version: 5,
  name: 'customers',
  up(db) {
    db.exec(`
      CREATE TABLE customers (
        id         TEXT PRIMARY KEY,
        branch_id  TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        profile    TEXT NOT NULL CHECK (json_valid(profile))
      );
      CREATE INDEX customers_branch ON customers (branch_id, id);
      CREATE INDEX customers_updated_at ON customers (updated_at);
    `);
  },
};
