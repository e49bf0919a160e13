import type { EpochMs } from '../domain/time.js';

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * The only source of "now". The system adapter reads the wall clock; tests use ManualClock, which
 * fires due timers in order when advanced. No other code calls Date.now().
 */
export interface Clock {
  now(): EpochMs;
  /** Calls `fn` once at or after `at` (never before). */
  setTimer(at: EpochMs, fn: () => void): TimerHandle;
}
