/**
 * Schedule slots on the wall clock (docs/reference/scheduling-rules.md §4.5): the first slot at or after a wall
 * time.
 *
 * No minute-by-minute scanning: each step jumps to the next active period (by interval
 * arithmetic), the next allowed weekday/month day (bit masks), the next allowed month (`months`
 * filter), or the next time of day (binary search). The number of steps is bounded by the shape
 * of the schedule, not by the interval length or the distance to the slot.
 */
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  civil,
  daysFromCivil,
  isoWeekday,
  mod,
  monthIndex,
  packedDay,
  packedMonth,
  packedYear,
  weekIndex,
} from './calendar.js';
import { ALL_MONTHS, monthDayMask, type Plan } from './plan.js';
import { periodsToNextBearingMonth, SPARSE_AFTER_SKIPS } from './sparse-months.js';

/** Safety net only: real searches stop at `limit` long before this many steps. */
const MAX_STEPS = 200_000;

/** Index of the lowest set bit of `mask` at position ≥ `from`, or −1. */
export function lowestBitFrom(mask: number, from: number): number {
  const m = from >= 32 ? 0 : mask & (-1 << from);
  if (m === 0) return -1;
  return 31 - Math.clz32(m & -m);
}

/** Index of the first element ≥ v in a sorted array, or −1. */
export function firstAtOrAbove(sorted: Int32Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? lo : -1;
}

function firstDayOfMonthIndex(mi: number): number {
  const y = Math.floor(mi / 12);
  return daysFromCivil(y, mi - y * 12 + 1, 1);
}

/** The first month index ≥ mi allowed by the `months` filter. */
function allowedMonthFrom(p: Plan, mi: number): number {
  for (let k = 0; k < 12; k++) if (p.monthsMask & (1 << mod(mi + k, 12))) return mi + k;
  return mi; // unreachable: a months filter is never empty
}

/** First slot (wall ms) ≥ `w`, or undefined when none lies at or before `limit` (wall ms). */
/**
 * When `day` lies in a month the plan leaves out: the first day of the next month it allows (every
 * frequency skips whole months the same way). Undefined when `day`'s month is allowed.
 */
function nextAllowedMonthDay(p: Plan, day: number): number | undefined {
  if (p.monthsMask === ALL_MONTHS) return undefined;
  const ymd = civil(day);
  const mi = monthIndex(packedYear(ymd), packedMonth(ymd));
  const allowed = allowedMonthFrom(p, mi);
  return allowed === mi ? undefined : firstDayOfMonthIndex(allowed);
}

export function nextWallSlot(p: Plan, w: number, limit: number): number | undefined {
  switch (p.frequency) {
    case 'hour':
      return nextHourSlot(p, w, limit);
    case 'day':
      return nextDaySlot(p, w, limit);
    case 'week':
      return nextWeekSlot(p, w, limit);
    case 'month':
      return nextMonthSlot(p, w, limit);
    default:
      return undefined; // minute recurrences have no schedule
  }
}

function slotAt(p: Plan, day: number, index: number): number {
  return day * MS_PER_DAY + (p.times[index] ?? 0) * MS_PER_MINUTE;
}

function nextHourSlot(p: Plan, w: number, limit: number): number | undefined {
  let h = Math.floor(w / MS_PER_HOUR);
  let mm = Math.ceil((w - h * MS_PER_HOUR) / MS_PER_MINUTE);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (h * MS_PER_HOUR > limit) return undefined;
    const off = mod(h - p.anchorHour, p.interval);
    if (off !== 0) {
      h += p.interval - off;
      mm = 0;
      continue;
    }
    const day = Math.floor(h / 24);
    const hourOfDay = h - day * 24;
    const monthDay = nextAllowedMonthDay(p, day);
    if (monthDay !== undefined) {
      h = monthDay * 24;
      mm = 0;
      continue;
    }
    if (!(p.hoursMask & (1 << hourOfDay))) {
      // Jump straight to the next grid hour whose hour of day is allowed; none = never.
      const k = p.hourSkip[hourOfDay] ?? 0;
      if (k === 0) return undefined;
      h += k * p.interval;
      mm = 0;
      continue;
    }
    const i = firstAtOrAbove(p.minutes, mm);
    if (i >= 0) return h * MS_PER_HOUR + (p.minutes[i] ?? 0) * MS_PER_MINUTE;
    h += p.interval;
    mm = 0;
  }
  return undefined;
}

function nextDaySlot(p: Plan, w: number, limit: number): number | undefined {
  let day = Math.floor(w / MS_PER_DAY);
  let mm = Math.ceil((w - day * MS_PER_DAY) / MS_PER_MINUTE);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (day * MS_PER_DAY > limit) return undefined;
    const off = mod(day - p.anchorDay, p.interval);
    if (off !== 0) {
      day += p.interval - off;
      mm = 0;
      continue;
    }
    const monthDay = nextAllowedMonthDay(p, day);
    if (monthDay !== undefined) {
      day = monthDay;
      mm = 0;
      continue;
    }
    const i = firstAtOrAbove(p.times, mm);
    if (i >= 0) return slotAt(p, day, i);
    day += p.interval;
    mm = 0;
  }
  return undefined;
}

function nextWeekSlot(p: Plan, w: number, limit: number): number | undefined {
  let day = Math.floor(w / MS_PER_DAY);
  let mm = Math.ceil((w - day * MS_PER_DAY) / MS_PER_MINUTE);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (day * MS_PER_DAY > limit) return undefined;
    const week = weekIndex(day);
    const off = mod(week - p.anchorWeek, p.interval);
    if (off !== 0) {
      day = (week + p.interval - off) * 7 - 3; // Monday of the next active week
      mm = 0;
      continue;
    }
    const dow = isoWeekday(day);
    const next = lowestBitFrom(p.weekMask, dow);
    if (next < 0) {
      day = (week + p.interval) * 7 - 3;
      mm = 0;
      continue;
    }
    if (next !== dow) {
      day += next - dow;
      mm = 0;
    }
    const monthDay = nextAllowedMonthDay(p, day);
    if (monthDay !== undefined) {
      day = monthDay;
      mm = 0;
      continue;
    }
    const i = firstAtOrAbove(p.times, mm);
    if (i >= 0) return slotAt(p, day, i);
    day += 1;
    mm = 0;
  }
  return undefined;
}

function nextMonthSlot(p: Plan, w: number, limit: number): number | undefined {
  let day = Math.floor(w / MS_PER_DAY);
  let mm = Math.ceil((w - day * MS_PER_DAY) / MS_PER_MINUTE);
  let emptyMonths = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (day * MS_PER_DAY > limit) return undefined;
    const ymd = civil(day);
    const year = packedYear(ymd);
    const month = packedMonth(ymd);
    const dom = packedDay(ymd);
    const mi = monthIndex(year, month);
    const off = mod(mi - p.anchorMonthIndex, p.interval);
    if (off !== 0) {
      day = firstDayOfMonthIndex(mi + p.interval - off);
      mm = 0;
      continue;
    }
    const next =
      p.monthsMask & (1 << (month - 1)) ? lowestBitFrom(monthDayMask(p, year, month), dom - 1) : -1;
    if (next < 0) {
      // On to the next active month whose month of year the filter allows; none = never. When the
      // months with slots are far apart, jump straight to the next one (sparse-months.ts; its
      // table costs ~0.15 ms to build, so only once a search has skipped several months).
      const sparse = p.sparseMonths !== undefined || ++emptyMonths > SPARSE_AFTER_SKIPS;
      const k = sparse ? periodsToNextBearingMonth(p, mi) : (p.monthSkip[month - 1] ?? 0);
      if (k === 0) return undefined;
      day = firstDayOfMonthIndex(mi + k * p.interval);
      mm = 0;
      continue;
    }
    if (next !== dom - 1) {
      day += next - (dom - 1);
      mm = 0;
    }
    const i = firstAtOrAbove(p.times, mm);
    if (i >= 0) return slotAt(p, day, i);
    day += 1;
    mm = 0;
  }
  return undefined;
}
