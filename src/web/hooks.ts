import { useCallback, useEffect, useEffectEvent, useState, useSyncExternalStore } from 'react';
import { isAbortError } from './api.ts';

/** A CSS media query as React state, correct on the first render (no flash of the wrong layout). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Below this width the side menu becomes a drawer opened from a hamburger button. */
export const MOBILE_QUERY = '(max-width: 767.98px)';
export function useIsMobile(): boolean {
  return useMediaQuery(MOBILE_QUERY);
}

interface QueryState<T> {
  key: string;
  data?: T;
  error?: unknown;
}

/**
 * Load data for `key` (re-loads whenever the key changes; previous data stays visible meanwhile).
 * The fetcher receives an AbortSignal; stale answers are dropped.
 */
export function useQuery<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>) {
  const [generation, setGeneration] = useState(0);
  const fullKey = `${generation}:${key}`;
  const [state, setState] = useState<QueryState<T>>({ key: '' });
  const run = useEffectEvent((signal: AbortSignal) => fetcher(signal));

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key: fullKey, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbortError(error)) {
          setState((prev) => ({ key: fullKey, data: prev.data, error }));
        }
      },
    );
    return () => controller.abort();
  }, [fullKey]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const loading = state.key !== fullKey;
  return { data: state.data, error: loading ? undefined : state.error, loading, reload };
}
