import type { Migration } from '../../../../shared/db/migrate';

/**
 * The outbox carries more than text: a compliance acknowledgement with a warned message, product pushes and business
 * cards. `payload` is the JSON the hub needs to resend the same request after a crash or reconnect.
 */
export const migration: Migration = {
  version: 3,
  name: 'outbox_kinds',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text','product','card'));
      ALTER TABLE outbox ADD COLUMN payload TEXT;
    `);
  },
};
