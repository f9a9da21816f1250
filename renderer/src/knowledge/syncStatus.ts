/**
 * What the sync line shows. The services report the last sync's outcome; the live connection state overrides it, so
 * the line says "offline" as soon as the hub link drops (search keeps working on the local index either way).
 */
import type { KnowledgeSyncStatus } from '../../../shared/ipc/contract';

export type SyncDisplay = 'syncing' | 'caught-up' | 'offline' | 'never' | 'unknown';

export function syncDisplay(status: KnowledgeSyncStatus | null, online: boolean, syncing: boolean): SyncDisplay {
  if (syncing && online) return 'syncing';
  if (!status) return online ? 'unknown' : 'offline';
  if (!online) return status.status === 'never' && status.articles === 0 ? 'never' : 'offline';
  return status.status;
}
