/**
 * The first occurrence of a compiled recurrence at or after an instant: the grid for schedule-less
 * recurrences, otherwise the earliest schedule slot, turned from wall clock into an instant.
 */
import type { EpochMs } from '../time.js';
import { MS_PER_DAY } from './calendar.js';
import { gridAtOrAfter } from './grid.js';
import type { Plan } from './plan.js';
import { nextWallSlot } from './slots.js';

/**
 * How far ahead a single search looks before concluding that no occurrence exists. Sparse but
 * valid schedules exist (Feb 29 with a Month/18 interval recurs every 12 years, 24 around 2100),
 * so this is generous; the search jumps month by month at worst, so it stays cheap.
 */
export const SEARCH_HORIZON_MS = 30 * 366 * MS_PER_DAY;

/** First occurrence ≥ t and ≤ limit, or undefined. */
export function occurrenceAtOrAfter(p: Plan, t: EpochMs, limit: EpochMs): EpochMs | undefined {
  if (!p.hasSchedule) {
    const g = gridAtOrAfter(p, t);
    return g <= limit ? g : undefined;
  }
  const z = p.zone;
  if (z.isUtc) {
    // The slot search stops at whole periods, so the slot it finds may still lie past `limit`.
    const slot = nextWallSlot(p, t, limit);
    return slot !== undefined && slot <= limit ? slot : undefined;
  }
  // Wall → instant is not monotonic next to a DST gap (02:30 shifted forward lands after 03:00's
  // instant), so start at the lowest wall time that can map to ≥ t and keep the earliest instant,
  // looking further only while a later wall slot could still map to an earlier instant.
  const lowOffset = Math.min(z.offsetAt(t - MS_PER_DAY), z.offsetAt(t), z.offsetAt(t + MS_PER_DAY));
  const wallLimit = limit + 2 * MS_PER_DAY;
  let w = t + lowOffset;
  let best: number | undefined;
  for (;;) {
    const slot = nextWallSlot(p, w, wallLimit);
    if (slot === undefined) break;
    if (best !== undefined) {
      const highOffset = Math.max(z.offsetAt(slot - MS_PER_DAY), z.offsetAt(slot + MS_PER_DAY));
      if (slot - highOffset > best) break;
    }
    const at = z.toInstant(slot);
    if (at >= t && (best === undefined || at < best)) {
      best = at;
      // One offset all around: later wall slots are later instants.
      if (z.offsetAt(at - MS_PER_DAY) === z.offsetAt(at + MS_PER_DAY)) break;
    }
    w = slot + 1;
  }
  return best !== undefined && best <= limit ? best : undefined;
}
