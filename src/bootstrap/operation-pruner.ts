import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';

const EVERY_MS = 3_600_000;

/**
 * Deletes operation records older than the retention (docs/reference/classic-operations.md §9: at least 7 days,
 * configurable), once at start and then hourly. Several API nodes pruning the same PostgreSQL
 * store is harmless: the delete is idempotent.
 */
export function startOperationPruner(
  deps: { store: Store; clock: Clock; logger: Logger },
  retentionMs: number,
): { stop(): Promise<void>; idle(): Promise<void> } {
  let timer: TimerHandle | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const run = (): void => {
    current = deps.store
      .pruneOperations(deps.clock.now() - retentionMs)
      .then((n) => {
        if (n > 0) deps.logger.info({ deleted: n }, 'pruned operation records');
      })
      .catch((e: unknown) =>
        deps.logger.warn(
          { err: e instanceof Error ? e.message : String(e) },
          'pruning operation records failed',
        ),
      )
      .finally(() => {
        if (!stopped) timer = deps.clock.setTimer(deps.clock.now() + EVERY_MS, run);
      });
  };
  run();
  return {
    /** Resolves when the prune in progress (if any) is done and the next one is scheduled. */
    idle: () => current,
    stop: async () => {
      stopped = true;
      timer?.cancel();
      await current;
    },
  };
}
