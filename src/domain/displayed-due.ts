import type { JobDefinition } from './job.js';
import { TICKS_PER_MS, type EpochMs, type PreciseTime } from './time.js';

/**
 * A due time as the API shows it. The engine works in whole milliseconds; the wire keeps 7 fraction
 * digits. When the due time lies on the startTime's own grid (schedule-less recurrence, or a one-time
 * job due at its startTime), the startTime's sub-millisecond ticks belong to it too
 * (docs/reference/classic-operations.md §15 E5). Schedule slots are at second 0 and a job without
 * startTime is anchored on a whole millisecond, so nothing to add.
 */
export function displayedDue(def: JobDefinition<unknown>, dueMs: EpochMs): PreciseTime {
  const start = def.startTime;
  if (!start || start.ticks === 0) return { ms: dueMs, ticks: 0 };
  const r = def.recurrence;
  const onStartGrid = r ? r.schedule === undefined : dueMs === start.ms;
  return onStartGrid ? { ms: dueMs, ticks: start.ticks % TICKS_PER_MS } : { ms: dueMs, ticks: 0 };
}
