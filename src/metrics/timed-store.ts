import type { Metrics } from '../ports/metrics.js';
import { StoreConflict, StoreUnavailable, type Store } from '../ports/store.js';

/** Not worth a series: lifecycle calls, not traffic; `syncFailures` answers a number, not a promise. */
const UNTIMED = new Set<string>(['migrate', 'close', 'syncFailures']);

/**
 * Wraps a Store so every verb reports `storeLatency(verb, ms)`, failures included (a slow failure
 * is still latency), and a failure other than a conflict also `storeFailed` (so an operator can
 * alert on a store that stopped writing, e.g. a full disk). `monotonicMs` is injected (bootstrap passes `performance.now`) so this adapter
 * reads no clock of its own. The store itself stays unaware of metrics.
 */
export function timedStore(store: Store, metrics: Metrics, monotonicMs: () => number): Store {
  // One wrapper per verb, made on first use: every store call reads a verb through the proxy (a
  // few per API request, several per engine batch), and a new closure each time is garbage.
  const wrapped = new Map<string, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver): unknown {
      if (typeof prop === 'string') {
        const known = wrapped.get(prop);
        if (known !== undefined) return known;
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || UNTIMED.has(prop)) return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      const wrapper = (...args: unknown[]): Promise<unknown> => {
        const started = monotonicMs();
        const done = (): void => metrics.storeLatency(prop, monotonicMs() - started);
        return fn.apply(target, args).then(
          (v) => {
            done();
            return v;
          },
          (e: unknown) => {
            done();
            if (!(e instanceof StoreConflict))
              metrics.storeFailed(prop, e instanceof StoreUnavailable ? 'unavailable' : 'error');
            throw e;
          },
        );
      };
      wrapped.set(prop, wrapper);
      return wrapper;
    },
  });
}
