import { describe, expect, it } from 'vitest';
import type { KnowledgeSyncStatus } from '../../../shared/ipc/contract';
import { syncDisplay } from './syncStatus';

const status = (s: KnowledgeSyncStatus['status'], articles = 176): KnowledgeSyncStatus => ({ status: s, articles, lastSyncAt: s === 'never' ? null : '2025-06-01T02:00:00.000Z' });

describe('syncDisplay', () => {
  it('says offline as soon as the link drops, even if the last sync caught up', () => {
    expect(syncDisplay(status('caught-up'), false, false)).toBe('offline');
    expect(syncDisplay(null, false, false)).toBe('offline');
  });

  it("reports the last sync's outcome while online, and a sync in progress", () => {
    expect(syncDisplay(status('caught-up'), true, false)).toBe('caught-up');
    expect(syncDisplay(status('offline'), true, false)).toBe('offline');
    expect(syncDisplay(status('caught-up'), true, true)).toBe('syncing');
    expect(syncDisplay(null, true, false)).toBe('unknown');
  });

  it('keeps "never synced" for an empty index without a hub, but an index with articles is searchable offline', () => {
    expect(syncDisplay(status('never', 0), false, false)).toBe('never');
    expect(syncDisplay(status('never', 12), false, false)).toBe('offline');
  });
});
