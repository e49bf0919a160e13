import type { ActionExecutor } from '../ports/executor.js';
import type { ClaimedRun } from '../domain/occurrence-outcome.js';
import { attemptOrder, startAttempt, type AttemptDeps, type RunningAttempt } from './attempt.js';

/** A run this engine holds (engine.ts). */
export interface Held {
  readonly run: ClaimedRun;
  /** Set once the attempt has started (after its host slot). */
  attempt: RunningAttempt | undefined;
  /** Interrupted by stop() or a lost lease: not to be recorded, redelivered as it was. */
  cancelled: boolean;
}

/**
 * Where attempts run: on the engine's own thread (`localRunner`) or in an executor thread
 * (worker-runner.ts). The engine holds the lease, records the outcome and decides retries either way.
 */
export interface AttemptRunner {
  start(run: ClaimedRun): RunningAttempt;
  /** After the engine stopped: ends the runner's threads and connection pools. */
  close(): Promise<void>;
}

/** Attempts on the engine's thread, through `deps.executor` (closed by its owner, not here). */
export function localRunner(
  deps: Omit<AttemptDeps, 'executor'> & { executor?: ActionExecutor },
): AttemptRunner {
  const { executor } = deps;
  if (!executor) throw new Error('engine: an executor or a runner is required');
  const local = { ...deps, executor };
  return {
    start: (run) => startAttempt(local, attemptOrder(run)),
    close: () => Promise.resolve(),
  };
}
