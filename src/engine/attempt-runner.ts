import type { ActionExecutor } from '../ports/executor.js';
import type { ClaimedRun } from '../domain/occurrence-outcome.js';
import { attemptOrder, startAttempt, type AttemptDeps, type RunningAttempt } from './attempt.js';
import { HostQueue } from './host-queue.js';
import { extend } from '../domain/extend.js';
import type { EpochMs } from '../domain/time.js';

/** A run this engine holds (engine.ts). */
export interface Held {
  readonly run: ClaimedRun;
  /** When it was claimed (the engine's clock): how long it has waited for its host, while not started. */
  readonly since: EpochMs;
  /** Handed to the runner (waiting for its host slot, or running). */
  attempt: RunningAttempt | undefined;
  /** Its host slot was taken: the attempt runs (or ran). */
  started: boolean;
  /** Interrupted by stop() or a lost lease: not to be recorded, redelivered as it was. */
  cancelled: boolean;
}

/** A run just claimed, held from `since` (not yet handed to the runner). */
export function newHeld(run: ClaimedRun, since: EpochMs): Held {
  return { run, since, attempt: undefined, started: false, cancelled: false };
}

/**
 * Where attempts run: on the engine's own thread (`localRunner`) or in an executor thread
 * (worker-runner.ts). Either holds the per-host slots (host-queue.ts) next to the executors. The
 * engine holds the lease, records the outcome and decides retries either way.
 */
export interface AttemptRunner {
  /**
   * Runs the attempt once its host has a free slot; `onStart` is called when it starts. Its report
   * is undefined when it was interrupted: cancelled, dropped, or its thread died.
   */
  start(run: ClaimedRun, onStart?: () => void): RunningAttempt;
  /** Stop: attempts still waiting for their host slot end as interrupted, never started. */
  dropWaiting(): void;
  /** After the engine stopped: ends the runner's threads and connection pools. */
  close(): Promise<void>;
}

/** Attempts on the engine's thread, through `deps.executor` (closed by its owner, not here). */
export function localRunner(
  deps: Omit<AttemptDeps, 'executor'> & { executor?: ActionExecutor; maxPerHost: number },
): AttemptRunner {
  const { executor } = deps;
  if (!executor) throw new Error('engine: an executor or a runner is required');
  const local = extend(deps, { executor });
  const hosts = new HostQueue(deps.maxPerHost);
  return {
    start: (run, onStart) => {
      const order = attemptOrder(run);
      return hosts.submit(order, () => startAttempt(local, order), onStart);
    },
    dropWaiting: () => hosts.dropWaiting(),
    close: () => Promise.resolve(),
  };
}
