import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';

export function getMeta(db: HubDb, key: string): string | undefined {
  const row = prepared(db, 'SELECT value FROM hub_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

/** Stores the value only if the key is absent; returns whichever value is stored (first writer wins). */
export function getOrCreateMeta(db: HubDb, key: string, create: () => string): string {
  prepared(db, 'INSERT OR IGNORE INTO hub_meta (key, value) VALUES (?, ?)').run(key, create());
  return getMeta(db, key)!;
}
