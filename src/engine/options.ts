import { DEFAULT_CATCH_UP, type CatchUpRules } from '../domain/occurrence.js';

/** Engine settings (docs/reference/behaviour.md §5, §8, §11). Every field but `nodeId` has a default. */
export interface EngineOptions {
  /** Lease owner written on claimed runs; unique per process (several nodes share a PostgreSQL store). */
  readonly nodeId: string;
  /** How long a claim holds a run before another node may redeliver it. Default 30 000 ms; renewed every third. */
  readonly leaseMs?: number;
  /** Rows per claim transaction. Default 100. */
  readonly batchSize?: number;
  /** Outcomes per recording transaction. Default 200. */
  readonly flushSize?: number;
  /** Attempts held at once by this node (running or waiting for their host). Default 256. */
  readonly maxConcurrency?: number;
  /** Attempts running at once against one target host (HTTP host, storage account, namespace). Default 32. */
  readonly maxPerHost?: number;
  /** Fallback poll of the store besides wake-ups (other nodes' writes, missed signals). Default 1 000 ms. */
  readonly pollMs?: number;
  /** How far ahead due times are read into the in-memory window. Default 30 000 ms. */
  readonly windowMs?: number;
  /** At most this many due times in the window. Default 1 000. */
  readonly windowLimit?: number;
  /** Missed-occurrence handling. Default coalesce, lateness threshold 60 s. */
  readonly catchUp?: CatchUpRules;
  /** Floor for retry intervals (definitions stored under a lower deployment minimum). Default 15 000 ms. */
  readonly minRetryIntervalMs?: number;
  /** History kept per job. Default 1 000 entries. */
  readonly historyMaxEntries?: number;
  /** History kept per job. Default 60 days. */
  readonly historyMaxAgeMs?: number;
  /** Completed/faulted jobs are deleted this long after finishing. Default 60 days. */
  readonly finishedJobRetentionMs?: number;
  /** How often the retention sweep runs. Default 60 000 ms. */
  readonly retentionIntervalMs?: number;
  /**
   * How often a sweep walks every job with history (the age rule for jobs that stopped running);
   * the sweeps in between trim only the jobs that recorded entries lately. Default 1 hour.
   */
  readonly historyFullSweepMs?: number;
  /** How long `stop()` waits for running attempts before releasing their leases. Default 10 000 ms. */
  readonly stopGraceMs?: number;
}

export type ResolvedEngineOptions = Required<EngineOptions>;

const DAY_MS = 86_400_000;

export function resolveEngineOptions(o: EngineOptions): ResolvedEngineOptions {
  const positive = (name: keyof EngineOptions, v: number): number => {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`engine: ${name} must be a positive number, got ${v}`);
    return v;
  };
  const leaseMs = positive('leaseMs', o.leaseMs ?? 30_000);
  return {
    nodeId: o.nodeId,
    leaseMs,
    batchSize: positive('batchSize', o.batchSize ?? 100),
    flushSize: positive('flushSize', o.flushSize ?? 200),
    maxConcurrency: positive('maxConcurrency', o.maxConcurrency ?? 256),
    maxPerHost: positive('maxPerHost', o.maxPerHost ?? 32),
    pollMs: positive('pollMs', o.pollMs ?? 1_000),
    windowMs: positive('windowMs', o.windowMs ?? 30_000),
    windowLimit: positive('windowLimit', o.windowLimit ?? 1_000),
    catchUp: o.catchUp ?? DEFAULT_CATCH_UP,
    minRetryIntervalMs: o.minRetryIntervalMs ?? 15_000,
    historyMaxEntries: positive('historyMaxEntries', o.historyMaxEntries ?? 1_000),
    historyMaxAgeMs: positive('historyMaxAgeMs', o.historyMaxAgeMs ?? 60 * DAY_MS),
    finishedJobRetentionMs: positive('finishedJobRetentionMs', o.finishedJobRetentionMs ?? 60 * DAY_MS),
    retentionIntervalMs: positive('retentionIntervalMs', o.retentionIntervalMs ?? 60_000),
    historyFullSweepMs: positive('historyFullSweepMs', o.historyFullSweepMs ?? 3_600_000),
    stopGraceMs: o.stopGraceMs ?? 10_000,
  };
}
