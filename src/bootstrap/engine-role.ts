import { Engine } from '../engine/engine.js';
import type { Executors } from '../executors/index.js';
import type { Clock } from '../ports/clock.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { IdSource } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Store } from '../ports/store.js';
import type { NodeConfig } from './node-id.js';

/** The engine as the composition root sees it: a signal for writes, and a life cycle. */
export interface EngineRole {
  readonly signal: EngineSignal;
  /** Re-read due times now (another node's NOTIFY). */
  wake(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineRoleDeps {
  readonly config: NodeConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly secrets: SecretBox;
  readonly logger: Logger;
  /** Absent for `--role api`. */
  readonly executors: Executors | undefined;
  readonly metrics?: Metrics;
}

const ANY = { subscriptionId: '', cloudService: '', collection: '' } as const;

/**
 * Builds the engine for `--role engine|all`. With `--role api` there is no engine in the process:
 * writes need no in-process signal, because the engines of other nodes find changes by polling the
 * shared store.
 */
export function createEngineRole(deps: EngineRoleDeps): EngineRole {
  if (!deps.executors) {
    return {
      signal: { jobsChanged: () => undefined },
      wake: () => undefined,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
  }
  const e = deps.config.engine;
  const engine = new Engine(
    {
      store: deps.store,
      clock: deps.clock,
      executor: deps.executors,
      secrets: deps.secrets,
      ids: deps.ids,
      logger: deps.logger.child({ role: 'engine' }),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    },
    {
      nodeId: deps.config.nodeId,
      leaseMs: e.leaseDurationMs,
      maxConcurrency: e.maxConcurrentAttempts,
      maxPerHost: e.maxPerHost,
      catchUp: { latenessMs: e.latenessThresholdMs, mode: e.catchUp },
      minRetryIntervalMs: e.minRetryIntervalMs,
      historyMaxEntries: e.historyMaxEntries,
      historyMaxAgeMs: e.historyMaxAgeMs,
      finishedJobRetentionMs: e.finishedJobRetentionMs,
    },
  );
  return {
    signal: engine,
    // The engine re-reads its whole window whatever the ref; any collection ref will do.
    wake: () => engine.jobsChanged(ANY),
    start: () => {
      engine.start();
      return Promise.resolve();
    },
    stop: () => engine.stop(),
  };
}
