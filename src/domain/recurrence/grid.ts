/**
 * The anchored grid of a schedule-less recurrence (docs/reference/scheduling-rules.md §4.4): G_k = A + k × interval
 * × unit. Minute and Hour steps are elapsed time; Day and Week steps keep the anchor's wall-clock time of
 * day; Month steps add calendar months to the anchor's date, clamped to the month's end, always from the
 * anchor (no drift). The anchor's seconds and milliseconds are kept.
 */
import type { EpochMs } from '../time.js';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  addMonthsClamped,
  civil,
  monthIndex,
  packedMonth,
  packedYear,
} from './calendar.js';
import type { Plan } from './plan.js';

/** Wall time of grid point k for Month (k ≥ 0). */
function monthPoint(p: Plan, k: number): number {
  const day = addMonthsClamped(p.anchorYear, p.anchorMonth, p.anchorDayOfMonth, k * p.interval);
  return day * MS_PER_DAY + (p.anchorWall - p.anchorDay * MS_PER_DAY);
}

/** The first grid point at or after `t` (G_0 = A itself, whatever the zone). */
export function gridAtOrAfter(p: Plan, t: EpochMs): EpochMs {
  if (t <= p.anchor) return p.anchor;
  const z = p.zone;
  switch (p.frequency) {
    case 'minute':
    case 'hour': {
      const step = p.interval * (p.frequency === 'minute' ? MS_PER_MINUTE : MS_PER_HOUR);
      return p.anchor + Math.ceil((t - p.anchor) / step) * step;
    }
    case 'day':
    case 'week': {
      const step = p.interval * (p.frequency === 'day' ? MS_PER_DAY : 7 * MS_PER_DAY);
      // Points before k0 lie at least a day before `t` on the wall clock, so cannot qualify.
      let k = Math.max(1, Math.floor((z.toWall(t) - p.anchorWall) / step));
      for (;;) {
        const at = z.toInstant(p.anchorWall + k * step);
        if (at >= t) return at;
        k++;
      }
    }
    case 'month': {
      const ymd = civil(Math.floor(z.toWall(t) / MS_PER_DAY));
      const months = monthIndex(packedYear(ymd), packedMonth(ymd)) - p.anchorMonthIndex;
      let k = Math.max(1, Math.floor(months / p.interval));
      for (;;) {
        const at = z.toInstant(monthPoint(p, k));
        if (at >= t) return at;
        k++;
      }
    }
  }
}
