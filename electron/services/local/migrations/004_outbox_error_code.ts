import type { Migration } from '../../../../shared/db/migrate';

/** Why the hub refused a queued item, as its typed code and details, so the composer can react (e.g. ask again). */
export const migration: Migration = {
  version: 4,
  name: 'outbox_error_code',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN error_code TEXT;
      ALTER TABLE outbox ADD COLUMN error_details TEXT;
    `);
  },
};
