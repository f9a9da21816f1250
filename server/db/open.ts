import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from '../../shared/db/migrate';
import { hubMigrations } from './migrations';

export type HubDb = Database.Database;

/**
 * Opens (creating if needed) the hub's SQLite store: WAL with synchronous=FULL so that an acknowledged message survives
 * power loss, then brings the schema up to date through the numbered migrations.
 */
export function openHubDb(file: string): HubDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, hubMigrations, { label: 'Hub' });
  return db;
}
