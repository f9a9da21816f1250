/**
 * Opening the workstation's database when it may be damaged (disk full, a crash during a file copy, a sync tool or
 * antivirus touching it). A damaged file is detected at start, moved aside with its WAL and shared-memory files (never
 * deleted: support may want it), and replaced by a fresh, migrated database; everything in it except unsent outbox
 * items and drafts is a cache that the hub re-synchronises after sign-in.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { DatabaseTooNewError } from '../../../shared/db/migrate';
import { openLocalDb, type LocalDb } from './open';

export interface LocalDbRecovery {
  /** Where the damaged file now is. */
  movedTo: string;
  /** What was wrong, as SQLite said it. */
  reason: string;
  at: string;
}

export interface RecoveredOpen {
  db: LocalDb;
  recovered: LocalDbRecovery | null;
}

/** Returns why the file cannot be used, or null when it is sound. Never throws. */
export function checkLocalDb(file: string): string | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    // Reading the header and the schema is where a garbage file fails ("file is not a database").
    db.pragma('schema_version');
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length === 0 ? null : `quick_check: ${problems.slice(0, 3).join('; ')}`;
  } catch (err) {
    return (err as Error).message;
  } finally {
    try {
      db?.close();
    } catch {
      // a handle on a damaged file may refuse to close cleanly; it is released either way
    }
  }
}

/**
 * Opens the workstation database, recovering from a damaged file: detected by opening it and running
 * `PRAGMA quick_check`, and by any error while migrating. A database written by a newer app version is not damage:
 * that error is thrown unchanged so the user can update instead of losing their data.
 */
export function openLocalDbWithRecovery(file: string, now: () => Date = () => new Date()): RecoveredOpen {
  if (file === ':memory:') return { db: openLocalDb(file), recovered: null };
  const problem = checkLocalDb(file);
  if (problem !== null) return rebuild(file, problem, now());
  try {
    return { db: openLocalDb(file), recovered: null };
  } catch (err) {
    // Only damage is recovered from; a newer schema or a failing migration on a sound file keeps the file untouched.
    if (err instanceof DatabaseTooNewError || !isCorruption(err)) throw err;
    return rebuild(file, (err as Error).message, now());
  }
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

function rebuild(file: string, reason: string, at: Date): RecoveredOpen {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const movedTo = `${file}.corrupt-${stamp}`;
  renameSync(file, movedTo);
  // A stale WAL must never be replayed into the new file: move it (and the index) along with the damaged database.
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
  }
  return { db: openLocalDb(file), recovered: { movedTo, reason, at: at.toISOString() } };
}

/** The message to show the agent after a recovery, zh-CN first. */
export function describeRecovery(r: LocalDbRecovery): { zh: string; en: string } {
  return {
    zh: `本地数据文件已损坏(${r.reason}),已移至 ${r.movedTo} 并重建。会话记录将在登录后从服务器重新同步;未发送的消息和草稿可能已丢失,请核对。`,
    en: `The local data file was damaged (${r.reason}). It was moved to ${r.movedTo} and rebuilt. Conversation history will be re-synchronised from the hub after sign-in; unsent messages and drafts may have been lost, please check.`,
  };
}
