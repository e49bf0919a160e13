import { FailureStreak } from '../logging/failure-streak.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { StoreUnavailable } from '../ports/store.js';

/**
 * The engine's store outages, logged as one line each (docs/operations.md, "Monitoring"), one
 * streak per kind of work: on a full SQLite disk reads still succeed while every write fails, so a
 * successful poll must not end the writes' streak (which logged each claim's failure anew).
 */
export class StoreStreaks {
  /** The poll's read of due times. */
  readonly reads: FailureStreak;
  /** Claims, outcomes and lease renewals. */
  readonly writes: FailureStreak;
  /** The retention sweep. */
  readonly sweeps: FailureStreak;

  constructor(log: Logger, clock: Clock) {
    this.reads = new FailureStreak(log, clock);
    this.writes = new FailureStreak(log, clock);
    this.sweeps = new FailureStreak(log, clock);
  }
}

/** Ends the writes' streak (`StoreStreaks.writes`): a claim, an outcome batch or a renewal was written. */
export function writesAnswer(writes: FailureStreak): void {
  writes.succeeded('engine: the store takes writes again');
}

/**
 * A one-off store failure outside a streak (releasing leases at start or stop): an outage is a warning
 * with the database's message, as every outage line (docs/operations.md, "Monitoring"); anything else
 * is an error with its stack.
 */
export function logStoreFailure(log: Logger, err: unknown, msg: string): void {
  if (err instanceof StoreUnavailable) log.warn({ err: err.message }, msg);
  else log.error({ err }, msg);
}
