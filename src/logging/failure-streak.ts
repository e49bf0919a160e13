import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { StoreUnavailable } from '../ports/store.js';

/** How often a failure that keeps happening is logged again, with its count (default). */
const REPEAT_MS = 60_000;

/**
 * Logs a failure that repeats — the database down while the engine polls every second and every
 * API request answers 503 — as one line when it begins, one line a minute while it lasts (with the
 * count), and one when it ends, instead of one line with a stack per attempt (docs/operations.md,
 * "Monitoring"). A store outage is an expected condition: its lines are warnings with the message,
 * not the stack; anything else is an error and keeps the whole error on its first line. A streak
 * with no failure for `repeatMs` is over: the next failure starts a new one.
 */
export class FailureStreak {
  private count = 0;
  private since = 0;
  private lastFailure = 0;
  private lastLogged = 0;

  constructor(
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly repeatMs = REPEAT_MS,
  ) {}

  failed(err: unknown, msg: string, fields: Record<string, unknown> = {}): void {
    const now = this.clock.now();
    if (this.count > 0 && now - this.lastFailure >= this.repeatMs) this.count = 0;
    this.lastFailure = now;
    if (this.count++ === 0) {
      this.since = now;
      this.lastLogged = now;
      // A store outage is expected (warn); anything else is a fault to look at (error).
      if (err instanceof StoreUnavailable) this.log.warn(Object.assign({ err: err.message }, fields), msg);
      else this.log.error(Object.assign({ err }, fields), msg);
      return;
    }
    if (now - this.lastLogged < this.repeatMs) return;
    this.lastLogged = now;
    this.log.warn(
      Object.assign({ err: messageOf(err), failures: this.count, failingForMs: now - this.since }, fields),
      `${msg} (still failing)`,
    );
  }

  /** The work succeeded: ends a streak, saying for how long it failed. */
  succeeded(msg: string): void {
    if (this.count === 0) return;
    const now = this.clock.now();
    this.log.info({ failures: this.count, failedForMs: now - this.since }, msg);
    this.count = 0;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
