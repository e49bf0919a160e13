/** Loads data for a page, reloads on demand and, optionally, every `refreshMs` while visible. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Data<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  readonly reload: () => Promise<void>;
}

export function useData<T>(load: () => Promise<T>, deps: readonly unknown[], refreshMs?: number): Data<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    try {
      setValue(await loadRef.current());
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    setValue(undefined);
    void reload();
    if (!refreshMs) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, refreshMs);
    return () => clearInterval(timer);
  }, deps);
  return { value, error, reload };
}
