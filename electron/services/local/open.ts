import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from '../../../shared/db/migrate';
import { localMigrations } from './migrations';

export type LocalDb = Database.Database;

/**
 * The workstation's own SQLite file (settings, drafts, outbox, message cache, knowledge index).
 * WAL with synchronous=FULL: the outbox and drafts are the agent's work and must survive a crash.
 */
export function openLocalDb(file: string): LocalDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db, localMigrations, { label: 'Workstation' });
  return db;
}
