/**
 * Shortest gap between consecutive occurrences, for plan and quota checks (docs/reference/scheduling-rules.md §7).
 * Schedule-less: interval × unit (Month counts as 28 days). With a schedule: the smallest distance
 * between consecutive wall-clock slots over the first two years after the anchor.
 */
import type { EpochMs } from '../time.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, addMonthsClamped } from './calendar.js';
import { planFor } from './plan.js';
import { nextWallSlot } from './slots.js';
import type { Frequency, Recurrence } from './types.js';

const UNIT_MS: Record<Frequency, number> = {
  minute: MS_PER_MINUTE,
  hour: MS_PER_HOUR,
  day: MS_PER_DAY,
  week: 7 * MS_PER_DAY,
  month: 28 * MS_PER_DAY,
};

/** No two consecutive slots can be closer than the closest pair of times within one cycle. */
function lowerBound(sorted: Int32Array, cycle: number): number {
  let best = cycle + (sorted[0] ?? 0) - (sorted[sorted.length - 1] ?? 0);
  for (let i = 1; i < sorted.length; i++) best = Math.min(best, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return best * MS_PER_MINUTE;
}

export function shortestGapMs(r: Recurrence | undefined, anchor: EpochMs): number | undefined {
  if (!r) return undefined;
  const p = planFor(r, anchor);
  if (!p.hasSchedule) return r.interval * UNIT_MS[r.frequency];
  const bound = p.frequency === 'hour' ? lowerBound(p.minutes, 60) : lowerBound(p.times, 1440);
  const end =
    addMonthsClamped(p.anchorYear, p.anchorMonth, p.anchorDayOfMonth, 24) * MS_PER_DAY +
    (p.anchorWall % MS_PER_DAY);
  let best: number | undefined;
  let prev = nextWallSlot(p, p.anchorWall, end);
  while (prev !== undefined) {
    const next = nextWallSlot(p, prev + 1, end);
    if (next === undefined) break;
    const gap = next - prev;
    if (best === undefined || gap < best) best = gap;
    if (best <= bound) break; // cannot get smaller
    prev = next;
  }
  return best;
}
