/**
 * The knowledge panel's data: search as you type (debounced, stale answers dropped), suggestions for the customer's
 * latest message, the local index's sync status, and the leads' pending contributions. Search and suggestions run on
 * the workstation's local index, so they answer offline too.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { KnowledgeSyncStatus, WorkstationApi } from '../../../shared/ipc/contract';
import type { Contribution } from '../../../shared/knowledge/contribution';
import type { SearchResponse, SearchResult } from '../../../shared/knowledge/search';
import type { AppError } from '../../../shared/result';
import { createStore } from '../store/store';

/** Fast enough for every keystroke; the pause only skips the intermediate states of a word being typed. */
export const SEARCH_DEBOUNCE_MS = 80;
export const PAGE_SIZE = 10;
export const MAX_RESULTS = 50;

export interface SearchState {
  /** The query the response answers (it may trail the box by a keystroke). */
  query: string;
  response: SearchResponse | null;
  error: AppError | null;
}

/** Searches `query` (limit results) after a short pause; `generation` re-runs it (after a sync brought new articles). */
export function useKnowledgeSearch(api: WorkstationApi, query: string, limit: number, generation: number): SearchState {
  const [state, setState] = useState<SearchState>({ query: '', response: null, error: null });
  const latest = useRef(0);
  useEffect(() => {
    const ask = ++latest.current;
    const q = query.trim();
    if (!q) {
      setState({ query: '', response: null, error: null });
      return;
    }
    const timer = setTimeout(() => {
      void api.searchKnowledge({ query: q.slice(0, 200), limit }).then((res) => {
        if (ask !== latest.current) return; // a newer keystroke already asked
        setState(res.ok ? { query: q, response: res.value, error: null } : { query: q, response: null, error: res.error });
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, query, limit, generation]);
  return state;
}

/** Confident answers to the customer's latest message (none without a message). */
export function useSuggestions(api: WorkstationApi, text: string | null, generation: number): SearchResult[] {
  const [results, setResults] = useState<SearchResult[]>([]);
  const latest = useRef(0);
  useEffect(() => {
    const ask = ++latest.current;
    if (!text) {
      setResults([]);
      return;
    }
    void api.suggestKnowledge({ text: text.slice(0, 4000) }).then((res) => {
      if (ask === latest.current) setResults(res.ok ? res.value : []);
    });
  }, [api, text, generation]);
  return results;
}

// ------------------------------------------------------------------------------------------------ sync status

interface SyncState {
  status: KnowledgeSyncStatus | null;
  syncing: boolean;
  /** Bumped whenever a sync may have changed the index: searches re-run. */
  generation: number;
}

const syncStore = createStore<SyncState>({ status: null, syncing: false, generation: 0 });
const subscribedApis = new WeakSet<WorkstationApi>();
let inflight: Promise<KnowledgeSyncStatus | null> | null = null;

function applyStatus(status: KnowledgeSyncStatus): void {
  const before = syncStore.get().status;
  const changed = !before || before.articles !== status.articles || before.lastSyncAt !== status.lastSyncAt;
  syncStore.set((s) => ({ status, generation: changed ? s.generation + 1 : s.generation }));
}

function listen(api: WorkstationApi): void {
  if (subscribedApis.has(api)) return;
  subscribedApis.add(api);
  // Background syncs (every minute, after a reconnect, after a lead's decision) arrive as pushes.
  api.on('knowledge.synced', applyStatus);
}

/** Asks the services to sync now; concurrent callers share one request. */
export function syncNow(api: WorkstationApi): Promise<KnowledgeSyncStatus | null> {
  listen(api);
  inflight ??= (async () => {
    syncStore.set({ syncing: true });
    try {
      const res = await api.syncKnowledge({});
      if (res.ok) applyStatus(res.value);
      return res.ok ? res.value : null;
    } finally {
      syncStore.set({ syncing: false });
      inflight = null;
    }
  })();
  return inflight;
}

export function useKnowledgeSync(api: WorkstationApi): SyncState & { refresh(): Promise<KnowledgeSyncStatus | null> } {
  const state = useSyncExternalStore(syncStore.subscribe, syncStore.get);
  useEffect(() => {
    listen(api);
    // The first panel to show learns the status (a sync that finds nothing new is one small request).
    if (!syncStore.get().status) void syncNow(api);
  }, [api]);
  const refresh = useCallback(() => syncNow(api), [api]);
  return { ...state, refresh };
}

// ------------------------------------------------------------------------------------------------ contributions

interface PendingState {
  items: Contribution[];
  loading: boolean;
  error: AppError | null;
  loaded: boolean;
}

const pendingStore = createStore<PendingState>({ items: [], loading: false, error: null, loaded: false });

export async function loadPending(api: WorkstationApi): Promise<void> {
  pendingStore.set({ loading: true });
  const res = await api.listContributions({});
  pendingStore.set(res.ok ? { items: res.value, loading: false, error: null, loaded: true } : { loading: false, error: res.error });
}

/** Drops a decided contribution from the list at once (the next load confirms it). */
export function removePending(contributionId: number): void {
  pendingStore.set((s) => ({ items: s.items.filter((c) => c.id !== contributionId) }));
}

/** How often the lead's pending count refreshes while the workspace is open (no push exists for new contributions). */
const PENDING_POLL_MS = 60_000;

export function usePendingContributions(api: WorkstationApi, options: { poll?: boolean } = {}): PendingState & { reload(): Promise<void> } {
  const state = useSyncExternalStore(pendingStore.subscribe, pendingStore.get);
  const poll = options.poll ?? false;
  useEffect(() => {
    if (!poll) return;
    void loadPending(api);
    const timer = setInterval(() => void loadPending(api), PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [api, poll]);
  const reload = useCallback(() => loadPending(api), [api]);
  return { ...state, reload };
}
