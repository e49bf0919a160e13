import type { Metrics } from '../ports/metrics.js';
import type { Store } from '../ports/store.js';

/** Verbs not worth a series: lifecycle calls, not traffic. */
const UNTIMED = new Set<string>(['migrate', 'close']);

/**
 * Wraps a Store so every verb reports `storeLatency(verb, ms)`, failures included (a slow failure
 * is still latency). `monotonicMs` is injected (bootstrap passes `performance.now`) so this adapter
 * reads no clock of its own. The store itself stays unaware of metrics.
 */
export function timedStore(store: Store, metrics: Metrics, monotonicMs: () => number): Store {
  return new Proxy(store, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || UNTIMED.has(prop)) return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]): Promise<unknown> => {
        const started = monotonicMs();
        const done = (): void => metrics.storeLatency(prop, monotonicMs() - started);
        return fn.apply(target, args).then(
          (v) => {
            done();
            return v;
          },
          (e: unknown) => {
            done();
            throw e;
          },
        );
      };
    },
  });
}
