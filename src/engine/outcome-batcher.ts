import { Batcher } from '../batching/batcher.js';
import type { RunOutcome } from '../domain/occurrence-outcome.js';
import type { FailureStreak } from '../logging/failure-streak.js';
import { writesAnswer } from './store-streaks.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';

/**
 * The engine's outcomes, recorded in batches (one transaction each, docs/engine.md step 5); each
 * answers whether its outcome was stale (its run claimed again since, or deleted with its job).
 */
export function outcomeBatcher(
  store: Pick<Store, 'recordOutcomes'>,
  settings: { readonly flushSize: number; readonly pollMs: number },
  lingerMs: () => number,
  failures: FailureStreak,
): Batcher<RunOutcome, boolean> {
  return new Batcher<RunOutcome, boolean>({
    write: async (batch) => {
      const stale = new Set(await store.recordOutcomes(batch));
      writesAnswer(failures);
      return batch.map((o) => stale.has(o.runId));
    },
    maxItems: settings.flushSize,
    // With a backlog a batch gathers a few ms: transactions of 70-200 rows instead of ~20.
    lingerMs,
    // A failed write keeps its outcomes and retries; their leases keep being renewed meanwhile,
    // and if this node dies they expire and the attempts are redelivered.
    retryMs: settings.pollMs,
    onWriteError: (err, outcomes) =>
      failures.failed(err, 'engine: recording outcomes failed; retrying', { outcomes }),
  });
}

/**
 * Stop: no more retries. Outcomes the store did not take (an outage at stop) stay unwritten: their
 * leases expire and the attempts run again with the same execution tag (docs/engine.md, "Delivery
 * guarantee") — said once, so an operator knows a target will see those requests twice.
 */
export function closeOutcomes(outcomes: Batcher<RunOutcome, boolean>, log: Logger): void {
  const unwritten = outcomes.pending;
  outcomes.close();
  if (unwritten > 0)
    log.warn(
      { outcomes: unwritten },
      'engine: stopping with outcomes the store did not take; those attempts will run again once their leases expire',
    );
}
