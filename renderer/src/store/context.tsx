import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { AppState, AppStore } from './appStore';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside <StoreProvider>');
  return store;
}

/** Subscribes to one slice of the state; the selector must return a stable value (a state field, not a new object). */
export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.state.subscribe, () => selector(store.state.get()));
}
