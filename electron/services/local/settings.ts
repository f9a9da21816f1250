import type { LocalDb } from './open';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../shared/ipc/contract';

const KEY = 'ui';

export function getSettings(db: LocalDb): Settings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_SETTINGS;
  // A stored value from an older version may lack newer fields: defaults fill them, invalid ones are dropped.
  const parsed = SettingsSchema.partial().safeParse(JSON.parse(row.value));
  return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export function updateSettings(db: LocalDb, patch: Partial<Settings>): Settings {
  const next = { ...getSettings(db), ...patch };
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    KEY,
    JSON.stringify(next),
  );
  return next;
}

export function getSetting(db: LocalDb, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: LocalDb, key: string, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  else db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
