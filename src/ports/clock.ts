import type { EpochMs } from '../domain/time.js';

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
  /**
   * Lets the process exit while this timer is pending (Node's `unref`), for housekeeping timers
   * that must never keep a stopping process alive. Optional: test clocks need not implement it.
   */
  unref?(): void;
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
