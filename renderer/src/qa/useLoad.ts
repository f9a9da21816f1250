/** Loading one request's result into a component: latest call wins, errors kept for an inline retry. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../../shared/result';

export type Loaded<T> = { status: 'idle' } | { status: 'loading'; previous?: T } | { status: 'ready'; value: T } | { status: 'error'; error: AppError };

/**
 * Calls `load` now and whenever `deps` change (or `reload()` is called); `load` returning null means "nothing to
 * load yet" (for example a custom range not chosen). A slower older call never overwrites a newer one.
 */
export function useLoad<T>(load: () => Promise<Result<T>> | null, deps: readonly unknown[]): { state: Loaded<T>; reload(): void; value: T | undefined } {
  const [state, setState] = useState<Loaded<T>>({ status: 'idle' });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    const mine = ++generation.current;
    const pending = loadRef.current();
    if (!pending) return setState({ status: 'idle' });
    setState((prev) => ({ status: 'loading', previous: prev.status === 'ready' ? prev.value : prev.status === 'loading' ? prev.previous : undefined }));
    const result = await pending;
    if (mine !== generation.current) return;
    setState(result.ok ? { status: 'ready', value: result.value } : { status: 'error', error: result.error });
  }, []);

  useEffect(() => {
    void run();
    // The caller lists what the load depends on, as with useEffect itself.
  }, deps);

  const value = state.status === 'ready' ? state.value : state.status === 'loading' ? state.previous : undefined;
  return { state, reload: () => void run(), value };
}
