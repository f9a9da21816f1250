/**
 * Numbered migrations, run in one transaction each and recorded in `user_version`.
 * Written against a minimal database interface so that it imports no driver: the hub and the workstation both
 * pass their better-sqlite3 handle.
 */
export interface MigratableDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  transaction(fn: () => void): () => unknown;
}

export interface Migration {
  /** 1-based and consecutive; never edit a migration once it has shipped, add a new one. */
  version: number;
  name: string;
  up(db: MigratableDatabase): void;
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
    readonly label: string,
  ) {
    super(
      `${label} database is at schema version ${found}, but this build only knows up to ${known}. ` +
        `It was written by a newer version of the app; update the app or point it at another data folder.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function currentSchemaVersion(db: MigratableDatabase): number {
  return Number(db.pragma('user_version', { simple: true }) ?? 0);
}

/** Brings the database up to the newest migration (or to `target`); returns the versions applied. */
export function migrate(
  db: MigratableDatabase,
  migrations: readonly Migration[],
  options: { label: string; target?: number },
): number[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${options.label} migrations must be numbered 1..n; found ${m.version} at ${i + 1}`);
  });
  const known = sorted.length;
  const target = options.target ?? known;
  const found = currentSchemaVersion(db);
  if (found > known) throw new DatabaseTooNewError(found, known, options.label);
  const applied: number[] = [];
  for (const m of sorted) {
    if (m.version <= found || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
