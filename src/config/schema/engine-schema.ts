import { DEFAULT_CATCH_UP } from '../../domain/occurrence.js';
import { defaultsOf, section, type ConfigOf } from '../config-option.js';
import { duration, integer, oneOf } from '../values.js';

const { option } = section('engine');
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/**
 * Settings of the execution engine (docs/reference/scheduling-rules.md §5, §8, §11). The engine takes them
 * under these names (src/engine/options.ts); the executors take `httpTimeoutMs` and
 * `connectionsPerOrigin` (src/executors/options.ts).
 */
export const engineSchema = {
  httpTimeoutMs: option({
    env: 'TAKT_HTTP_TIMEOUT',
    parse: duration(1000, DAY),
    default: 60_000,
    doc: 'per-attempt timeout of every action type (connect, TLS, redirects, headers, captured body)',
  }),
  minRetryIntervalMs: option({
    env: 'TAKT_MIN_RETRY_INTERVAL',
    parse: duration(1000, DAY),
    default: 15_000,
    doc: 'shortest retry interval a job may ask for',
  }),
  historyMaxEntries: option({
    env: 'TAKT_HISTORY_MAX_ENTRIES',
    parse: integer(1, 10_000_000),
    default: 1000,
    doc: 'history entries kept per job (newest first)',
  }),
  historyMaxAgeMs: option({
    env: 'TAKT_HISTORY_MAX_AGE',
    parse: duration(60_000, 10 * YEAR),
    default: 60 * DAY,
    doc: 'history entries older than this are pruned',
  }),
  finishedJobRetentionMs: option({
    env: 'TAKT_FINISHED_JOB_RETENTION',
    parse: duration(60_000, 10 * YEAR),
    default: 60 * DAY,
    doc: 'completed and faulted jobs are deleted this long after they finished',
  }),
  // Catch-up defaults are domain rules (docs/reference/scheduling-rules.md §5): declared in the domain.
  catchUp: option({
    env: 'TAKT_CATCH_UP',
    parse: oneOf(['coalesce', 'skip'] as const),
    default: DEFAULT_CATCH_UP.mode,
    doc: 'missed occurrences: `coalesce` runs one of them, `skip` none',
  }),
  latenessThresholdMs: option({
    env: 'TAKT_LATENESS_THRESHOLD',
    parse: duration(1000, DAY),
    default: DEFAULT_CATCH_UP.latenessMs,
    doc: 'an occurrence later than this past its due time counts as missed',
  }),
  leaseDurationMs: option({
    env: 'TAKT_LEASE_DURATION',
    parse: duration(3_000, DAY),
    default: 30_000,
    doc:
      'how long a claimed occurrence stays leased to this node before another node may redeliver ' +
      'it; renewed every third of it while the attempt runs',
  }),
  maxConcurrentAttempts: option({
    env: 'TAKT_MAX_CONCURRENT_ATTEMPTS',
    parse: integer(1, 100_000),
    // 512, not 256: the executor thread's host queues stay fed while the engine's thread runs a
    // claim or an outcome batch (docs/engine.md, "Cost budget": about +9% in a burst).
    default: 512,
    doc: 'attempts held at once by this process (running or waiting for their host)',
  }),
  maxPerHost: option({
    env: 'TAKT_MAX_PER_HOST',
    parse: integer(1, 100_000),
    default: 32,
    doc: 'attempts running at once against one target host (HTTP host, storage account, namespace)',
  }),
  // While every slot is held, claims and outcome batches wait for freed slots (docs/engine.md,
  // "Structure of the dispatcher"); a PostgreSQL statement is a round trip shared with other nodes.
  starvedGatherMs: option({
    env: 'TAKT_STARVED_GATHER',
    parse: duration(0, 1000),
    default: (c) => (c['databaseUrl'] === undefined ? 5 : 20),
    defaultDoc: '5 ms on SQLite, 20 ms on PostgreSQL',
    doc:
      'while every attempt slot is held, how long the engine waits at most for more finished ' +
      'attempts (or a quarter of the slots) before it records their outcomes and claims again; ' +
      'work due while slots are free is claimed at once',
  }),
  // A hanging host must not hold every attempt slot (docs/engine.md, "Fairness").
  maxHostWaitMs: option({
    env: 'TAKT_MAX_HOST_WAIT',
    parse: duration(1000, DAY),
    default: 5_000,
    doc:
      'while every attempt slot is held, an attempt that has waited this long for its host (a hanging ' +
      'or overloaded target) gives its slot back and is redelivered, unchanged, once its lease expires',
  }),
  executorThreads: option({
    env: 'TAKT_EXECUTOR_THREADS',
    parse: integer(0, 1),
    default: 1,
    doc:
      '1: attempts run in an executor thread beside the engine (HTTP exchanges and store ' +
      'transactions on both cores); 0: on the engine`s thread',
  }),
  connectionsPerOrigin: option({
    env: 'TAKT_CONNECTIONS_PER_ORIGIN',
    parse: integer(1, 10_000),
    default: 64,
    doc: 'keep-alive connections per outbound origin',
  }),
};

export type EngineConfig = ConfigOf<typeof engineSchema>;

/** The defaults, for the engine and executors built without a full configuration (tests, benches). */
export const engineDefaults: EngineConfig = defaultsOf(engineSchema);
