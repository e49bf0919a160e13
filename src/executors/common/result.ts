import type { Clock } from '../../ports/clock.js';
import type { AttemptResult } from '../../ports/executor.js';
import type { EpochMs } from '../../domain/time.js';

/** Stamps an outcome with the attempt's start and the clock's now. */
export function result(clock: Clock, startedAt: EpochMs, ok: boolean, message: string): AttemptResult {
  return { ok, message, startedAt, endedAt: clock.now() };
}
