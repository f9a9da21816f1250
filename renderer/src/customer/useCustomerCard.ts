/**
 * The tag panel's data for one customer: loaded when the customer changes, reloaded when the hub says the profile
 * changed (`customer.changed`) and when the connection comes back. The previous card stays on screen while reloading.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerCardView } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import { useApp, useStore } from '../store/context';

export type CardState =
  | { status: 'loading' }
  | { status: 'ready'; card: CustomerCardView }
  | { status: 'missing' }
  | { status: 'error'; error: AppError };

export function useCustomerCard(customerId: string): { state: CardState; reload(): void } {
  const store = useStore();
  const online = useApp((s) => s.connection.state === 'online');
  const [state, setState] = useState<{ customerId: string; card: CardState }>({ customerId, card: { status: 'loading' } });
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    const res = await store.api.getCustomerProfile({ customerId });
    if (mine !== generation.current) return; // a newer load (or another customer) superseded this one
    setState((prev) => {
      // Offline for a moment: keep showing what we have rather than an error.
      if (!res.ok && res.error.code === 'UNAVAILABLE' && prev.customerId === customerId && prev.card.status === 'ready') return prev;
      return { customerId, card: res.ok ? (res.value ? { status: 'ready', card: res.value } : { status: 'missing' }) : { status: 'error', error: res.error } };
    });
  }, [store, customerId]);

  // On open, and again when the connection comes back (a change may have been missed while offline).
  useEffect(() => {
    void load();
  }, [load, online]);

  useEffect(
    () =>
      store.api.on('customer.changed', (e) => {
        if (e.customerId === customerId) void load();
      }),
    [store, customerId, load],
  );

  return { state: state.customerId === customerId ? state.card : { status: 'loading' }, reload: () => void load() };
}
