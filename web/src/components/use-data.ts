/** Loads data for a page, reloads on demand and, optionally, every `refreshMs` while visible. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Data<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  readonly reload: () => Promise<void>;
}

export function useData<T>(load: () => Promise<T>, deps: readonly unknown[], refreshMs?: number): Data<T> {
  // The value remembers the deps it was loaded for: in the render right after the deps change (a
  // click on "Older" sets the page), before the effect below starts the new load, the page must not
  // show the old answer under the new parameters (the previous page's entries numbered as the next).
  const [loaded, setLoaded] = useState<{ readonly value: T; readonly deps: readonly unknown[] } | undefined>(
    undefined,
  );
  const [error, setError] = useState<unknown>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const depsRef = useRef(deps);
  depsRef.current = deps;
  // Loads can overlap (a poll's reload, then a click): only the last one started may set the value,
  // so a slow earlier answer cannot land on top of a later one.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    const forDeps = depsRef.current;
    try {
      const value = await loadRef.current();
      if (mine !== latest.current) return;
      setLoaded({ value, deps: forDeps });
      setError(undefined);
    } catch (e) {
      if (mine === latest.current) setError(e);
    }
  }, []);
  useEffect(() => {
    void reload();
    if (!refreshMs) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, refreshMs);
    return () => clearInterval(timer);
  }, deps);
  const current = loaded !== undefined && sameDeps(loaded.deps, deps) ? loaded.value : undefined;
  return { value: current, error, reload };
}

/** As the effect compares its deps: same length, each `Object.is`. */
function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
