/** The product library and business cards, fetched once per page from the hub (they change only with a release). */
import { useEffect, useState } from 'react';
import type { WorkstationApi } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import type { Card, Product } from '../../../shared/suitability/catalog';
import { useApp, useStore } from '../store/context';

export interface Catalog {
  products: Product[];
  cards: Card[];
  productsByCode: ReadonlyMap<string, Product>;
  cardsById: ReadonlyMap<string, Card>;
}

export type CatalogState = { status: 'loading' } | { status: 'ready'; catalog: Catalog } | { status: 'error'; error: AppError };

let cached: Catalog | null = null;
let inflight: Promise<CatalogState> | null = null;

function fetchCatalog(api: WorkstationApi): Promise<CatalogState> {
  if (cached) return Promise.resolve({ status: 'ready', catalog: cached });
  inflight ??= api.getCatalog({}).then((res): CatalogState => {
    inflight = null;
    if (!res.ok) return { status: 'error', error: res.error };
    const { products, cards } = res.value;
    cached = { products, cards, productsByCode: new Map(products.map((p) => [p.code, p])), cardsById: new Map(cards.map((c) => [c.id, c])) };
    return { status: 'ready', catalog: cached };
  });
  return inflight;
}

export function useCatalog(): CatalogState {
  const store = useStore();
  const online = useApp((s) => s.connection.state === 'online');
  const [state, setState] = useState<CatalogState>(() => (cached ? { status: 'ready', catalog: cached } : { status: 'loading' }));
  // Fetched on mount, and again when the connection comes back (after a failure nothing is cached).
  useEffect(() => {
    let live = true;
    void fetchCatalog(store.api).then((s) => {
      if (live) setState((prev) => (prev.status === 'ready' && s.status !== 'ready' ? prev : s));
    });
    return () => {
      live = false;
    };
  }, [store, online]);
  return state;
}
