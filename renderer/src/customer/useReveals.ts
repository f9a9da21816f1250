/** Revealed fields of one customer with a ticking countdown; everything masks again when the customer changes. */
import { useCallback, useEffect, useState } from 'react';
import type { RevealableField } from '../../../shared/protocol/hub';
import { addReveal, pruneReveals, type Reveals } from './reveal';

export function useReveals(customerId: string) {
  const [state, setState] = useState<{ customerId: string; reveals: Reveals }>({ customerId, reveals: {} });
  const [now, setNow] = useState(() => Date.now());
  // A different customer never sees the previous customer's revealed values, not even for one render.
  const reveals = state.customerId === customerId ? state.reveals : {};
  const active = Object.keys(reveals).length > 0;

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      setState((s) => ({ ...s, reveals: pruneReveals(s.reveals, at) }));
    }, 250);
    return () => clearInterval(timer);
  }, [active]);

  const reveal = useCallback(
    (field: RevealableField, value: string, expiresInMs: number) => {
      const at = Date.now();
      setNow(at);
      setState((s) => ({ customerId, reveals: addReveal(s.customerId === customerId ? s.reveals : {}, field, value, expiresInMs, at) }));
    },
    [customerId],
  );
  const hide = useCallback(
    (field: RevealableField) =>
      setState((s) => {
        const next = { ...s.reveals };
        delete next[field];
        return { ...s, reveals: next };
      }),
    [],
  );
  return { reveals, now, reveal, hide };
}
