import { engineDefaults, type EngineConfig } from '../config/schema/engine-schema.js';
import type { CatchUpRules } from '../domain/occurrence.js';
import { extend } from '../domain/extend.js';

/**
 * The configuration options the engine uses, under their configuration names (`engine.*` in
 * docs/operations.md); their defaults are the schema's (src/config/schema/engine-schema.ts).
 */
export type EngineSettings = Pick<
  EngineConfig,
  | 'leaseDurationMs'
  | 'maxConcurrentAttempts'
  | 'maxPerHost'
  | 'catchUp'
  | 'latenessThresholdMs'
  | 'minRetryIntervalMs'
  | 'historyMaxEntries'
  | 'historyMaxAgeMs'
  | 'finishedJobRetentionMs'
  | 'starvedGatherMs'
  | 'maxHostWaitMs'
>;

/** The engine's internal tuning: not operator options; declared (with their defaults) only here. */
export interface EngineTuning {
  /** Rows per claim transaction. Default 100. */
  readonly batchSize: number;
  /** Outcomes per recording transaction. Default 200. */
  readonly flushSize: number;
  /** Fallback poll of the store besides wake-ups (other nodes' writes, missed signals). Default 1 000 ms. */
  readonly pollMs: number;
  /** How far ahead due times are read into the in-memory window. Default 30 000 ms. */
  readonly windowMs: number;
  /** At most this many due times in the window. Default 1 000. */
  readonly windowLimit: number;
  /** How often the retention sweep runs. Default 60 000 ms. */
  readonly retentionIntervalMs: number;
  /**
   * How often a sweep walks every job with history (the age rule for jobs that stopped running);
   * the sweeps in between trim only the jobs that recorded entries lately. Default 1 hour.
   */
  readonly historyFullSweepMs: number;
  /** How long `stop()` waits for running attempts before releasing their leases. Default 10 000 ms. */
  readonly stopGraceMs: number;
}

const TUNING: EngineTuning = {
  batchSize: 100,
  flushSize: 200,
  pollMs: 1_000,
  windowMs: 30_000,
  windowLimit: 1_000,
  retentionIntervalMs: 60_000,
  historyFullSweepMs: 3_600_000,
  stopGraceMs: 10_000,
};

/** Engine settings (docs/reference/scheduling-rules.md §5, §8, §11). Every field but `nodeId` has a default. */
export type EngineOptions = {
  /** Lease owner written on claimed runs; unique per process (several nodes share a PostgreSQL store). */
  readonly nodeId: string;
} & Partial<EngineSettings> &
  Partial<EngineTuning>;

export type ResolvedEngineOptions = { readonly nodeId: string } & EngineSettings &
  EngineTuning & {
    /** `catchUp` and `latenessThresholdMs` as the domain's planner takes them. */
    readonly catchUpRules: CatchUpRules;
  };

// Zero or less would stall the engine (no claims, a timer loop); stopGraceMs may be 0.
const POSITIVE = [
  'leaseDurationMs',
  'maxConcurrentAttempts',
  'maxPerHost',
  'maxHostWaitMs',
  'historyMaxEntries',
  'historyMaxAgeMs',
  'finishedJobRetentionMs',
  'batchSize',
  'flushSize',
  'pollMs',
  'windowMs',
  'windowLimit',
  'retentionIntervalMs',
  'historyFullSweepMs',
] as const;

export function resolveEngineOptions(o: EngineOptions): ResolvedEngineOptions {
  const settings: EngineSettings = {
    leaseDurationMs: o.leaseDurationMs ?? engineDefaults.leaseDurationMs,
    maxConcurrentAttempts: o.maxConcurrentAttempts ?? engineDefaults.maxConcurrentAttempts,
    maxPerHost: o.maxPerHost ?? engineDefaults.maxPerHost,
    catchUp: o.catchUp ?? engineDefaults.catchUp,
    latenessThresholdMs: o.latenessThresholdMs ?? engineDefaults.latenessThresholdMs,
    minRetryIntervalMs: o.minRetryIntervalMs ?? engineDefaults.minRetryIntervalMs,
    historyMaxEntries: o.historyMaxEntries ?? engineDefaults.historyMaxEntries,
    historyMaxAgeMs: o.historyMaxAgeMs ?? engineDefaults.historyMaxAgeMs,
    finishedJobRetentionMs: o.finishedJobRetentionMs ?? engineDefaults.finishedJobRetentionMs,
    starvedGatherMs: o.starvedGatherMs ?? engineDefaults.starvedGatherMs,
    maxHostWaitMs: o.maxHostWaitMs ?? engineDefaults.maxHostWaitMs,
  };
  const tuning: EngineTuning = {
    batchSize: o.batchSize ?? TUNING.batchSize,
    flushSize: o.flushSize ?? TUNING.flushSize,
    pollMs: o.pollMs ?? TUNING.pollMs,
    windowMs: o.windowMs ?? TUNING.windowMs,
    windowLimit: o.windowLimit ?? TUNING.windowLimit,
    retentionIntervalMs: o.retentionIntervalMs ?? TUNING.retentionIntervalMs,
    historyFullSweepMs: o.historyFullSweepMs ?? TUNING.historyFullSweepMs,
    stopGraceMs: o.stopGraceMs ?? TUNING.stopGraceMs,
  };
  const resolved = { nodeId: o.nodeId, ...settings, ...tuning };
  for (const name of POSITIVE) {
    const v = resolved[name];
    if (!Number.isFinite(v) || v <= 0) throw new Error(`engine: ${name} must be a positive number, got ${v}`);
  }
  return extend(resolved, {
    catchUpRules: { mode: settings.catchUp, latenessMs: settings.latenessThresholdMs },
  });
}
