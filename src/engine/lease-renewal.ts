import type { FailureStreak } from '../logging/failure-streak.js';
import { writesAnswer } from './store-streaks.js';
import type { Store } from '../ports/store.js';
import type { Held } from './attempt-runner.js';

/**
 * One renewal of the leases this node holds (every third of `leaseDurationMs`, engine.ts): each held
 * attempt's lease is extended to `until`; an attempt whose lease another node took over is cancelled,
 * as its outcome would be ignored (docs/engine.md, "Delivery guarantee"). A failed renewal is logged;
 * the next one retries before the leases expire.
 */
export async function renewLeases(
  store: Pick<Store, 'extendLeases'>,
  nodeId: string,
  held: ReadonlyMap<string, Held>,
  until: number,
  cancel: (held: Held) => void,
  failures: FailureStreak,
): Promise<void> {
  const ids = [...held.keys()];
  if (ids.length === 0) return;
  try {
    const kept = new Set(await store.extendLeases(nodeId, ids, until));
    writesAnswer(failures);
    for (const id of ids) {
      if (kept.has(id)) continue;
      const h = held.get(id);
      if (h) cancel(h);
    }
  } catch (err) {
    failures.failed(err, 'engine: renewing leases failed');
  }
}
