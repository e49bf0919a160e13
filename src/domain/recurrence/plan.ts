/**
 * A recurrence compiled against its anchor: the anchor's wall-clock fields in the job's zone and
 * the schedule lists turned into sorted arrays and bit masks, so finding the next occurrence is
 * integer arithmetic. Compiling is cached per recurrence object (the engine calls `nextAfter` for
 * the same definition again and again).
 */
import type { EpochMs } from '../time.js';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  civil,
  daysFromCivil,
  daysInMonth,
  isoWeekday,
  monthIndex,
  packedDay,
  packedMonth,
  packedYear,
  weekIndex,
} from './calendar.js';
import { WEEK_DAYS, type Frequency, type Recurrence } from './types.js';
import { resolveZone, UTC_ZONE, type Zone } from './zones.js';

export const ALL_MONTHS = 0xfff;
export const ALL_HOURS = 0xffffff;

export interface CompiledOccurrence {
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
  readonly occurrence: number | undefined;
}

export interface Plan {
  readonly frequency: Frequency;
  readonly interval: number;
  readonly zone: Zone;
  readonly anchor: EpochMs;
  /** The anchor on the zone's wall clock (epoch-ms shaped). */
  readonly anchorWall: number;
  readonly anchorDay: number;
  readonly anchorYear: number;
  readonly anchorMonth: number;
  readonly anchorDayOfMonth: number;
  /** Absolute wall-clock hour number of the anchor (wallMs / 1 h). */
  readonly anchorHour: number;
  readonly anchorWeek: number;
  readonly anchorMonthIndex: number;
  readonly hasSchedule: boolean;
  /** Sorted minute marks (schedule `minutes`, default the anchor's minute). */
  readonly minutes: Int32Array;
  /** Hour frequency: the allowed hours of day as a 24-bit mask (all when `hours` is absent). */
  readonly hoursMask: number;
  /** Day/Week/Month: sorted minutes-of-day, hours × minutes. */
  readonly times: Int32Array;
  /** Week: allowed ISO weekdays, bit 0 = Monday. */
  readonly weekMask: number;
  /** Allowed months, bit 0 = January. */
  readonly monthsMask: number;
  /**
   * Hour: for each hour of day, how many intervals ahead the next allowed hour of day lies on the
   * interval grid (1..24), or 0 when the grid never reaches an allowed hour. Lets the search jump
   * instead of stepping interval by interval.
   */
  readonly hourSkip: Int32Array;
  /** Month: the same for months of the year (index 0 = January) and the `months` filter. */
  readonly monthSkip: Int32Array;
  readonly monthDays: readonly number[] | undefined;
  readonly occurrences: readonly CompiledOccurrence[] | undefined;
  /** Month-day mask memo for the last month asked (the hot path asks the same month repeatedly). */
  memoMonth: number;
  memoMask: number;
  /** Month: built on demand for sparse schedules, see sparse-months.ts. */
  sparseMonths: Int32Array | undefined;
}

function sortedUnique(values: readonly number[]): Int32Array {
  // Most recurrences name no minutes or hours: one value, no Set needed.
  if (values.length === 1) return Int32Array.of(values[0]!);
  return Int32Array.from(new Set(values)).sort();
}

/** The skip table of a full mask: the next interval always lands on an allowed value. Read only. */
const ALL_ONES_24 = new Int32Array(24).fill(1);
const ALL_ONES_12 = new Int32Array(12).fill(1);

/**
 * For each residue r of `size`, the smallest k in 1..size with bit ((r + k × step) mod size) set in
 * `mask`, or 0 when there is none (the orbit of r never meets the mask).
 */
function skipTable(mask: number, step: number, size: number): Int32Array {
  if (size === 24 && mask === ALL_HOURS) return ALL_ONES_24;
  if (size === 12 && mask === ALL_MONTHS) return ALL_ONES_12;
  const out = new Int32Array(size);
  for (let r = 0; r < size; r++) {
    for (let k = 1; k <= size; k++) {
      if (mask & (1 << ((r + k * step) % size))) {
        out[r] = k;
        break;
      }
    }
  }
  return out;
}

function maskOf(values: readonly number[], offset: number): number {
  let m = 0;
  for (const v of values) m |= 1 << (v - offset);
  return m;
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

export function compile(r: Recurrence, anchor: EpochMs): Plan {
  const zone = resolveZone(r.timeZone) ?? UTC_ZONE;
  const anchorWall = zone.toWall(anchor);
  const anchorDay = Math.floor(anchorWall / MS_PER_DAY);
  const ymd = civil(anchorDay);
  const anchorYear = packedYear(ymd);
  const anchorMonth = packedMonth(ymd);
  const anchorDayOfMonth = packedDay(ymd);
  const tod = anchorWall - anchorDay * MS_PER_DAY;
  const anchorHourOfDay = Math.floor(tod / MS_PER_HOUR);
  const anchorMinute = Math.floor((tod % MS_PER_HOUR) / MS_PER_MINUTE);
  const s = r.schedule;
  const minutesList = nonEmpty(s?.minutes);
  const hoursList = nonEmpty(s?.hours);
  const weekDays = nonEmpty(s?.weekDays);
  const months = nonEmpty(s?.months);
  const monthDays = nonEmpty(s?.monthDays);
  const occurrences = nonEmpty(s?.monthlyOccurrences);
  const hasSchedule = !!(minutesList || hoursList || weekDays || months || monthDays || occurrences);
  const minutes = sortedUnique(minutesList ?? [anchorMinute]);
  const hours = sortedUnique(hoursList ?? [anchorHourOfDay]);
  const times: number[] = [];
  for (const h of hours) for (const m of minutes) times.push(h * 60 + m);
  return {
    frequency: r.frequency,
    interval: r.interval,
    zone,
    anchor,
    anchorWall,
    anchorDay,
    anchorYear,
    anchorMonth,
    anchorDayOfMonth,
    anchorHour: Math.floor(anchorWall / MS_PER_HOUR),
    anchorWeek: weekIndex(anchorDay),
    anchorMonthIndex: monthIndex(anchorYear, anchorMonth),
    hasSchedule,
    minutes,
    hoursMask: hoursList ? maskOf(hoursList, 0) : ALL_HOURS,
    times: sortedUnique(times),
    weekMask: weekDays
      ? maskOf(
          weekDays.map((d) => WEEK_DAYS.indexOf(d)),
          0,
        )
      : 1 << isoWeekday(anchorDay),
    monthsMask: months ? maskOf(months, 1) : ALL_MONTHS,
    hourSkip: skipTable(hoursList ? maskOf(hoursList, 0) : ALL_HOURS, r.interval % 24, 24),
    monthSkip: skipTable(months ? maskOf(months, 1) : ALL_MONTHS, r.interval % 12, 12),
    monthDays,
    occurrences: occurrences?.map((o) => ({ weekday: WEEK_DAYS.indexOf(o.day), occurrence: o.occurrence })),
    memoMonth: NaN,
    memoMask: 0,
    sparseMonths: undefined,
  };
}

/**
 * The plans of the last few recurrence objects asked for, by identity, replaced round-robin. The
 * callers ask for the same recurrence a few times in a row (a PUT's series check, then its first
 * due time; an occurrence's due time, then the next), almost always for a recurrence object made
 * for that request or claim. A WeakMap keyed by those short-lived objects cost 2.3-3.1 µs per new
 * recurrence (the insert, and the collector's work on its ephemeron table) against 0.4 µs for
 * this, compile included (docs/engine-measurements.md, "The recurrence plan's memo").
 */
const MEMO_SIZE = 4;
const memoKeys: (Recurrence | undefined)[] = new Array<Recurrence | undefined>(MEMO_SIZE).fill(undefined);
const memoPlans: (Plan | undefined)[] = new Array<Plan | undefined>(MEMO_SIZE).fill(undefined);
let memoNext = 0;

/** `compile`, memoized per recurrence object and anchor (the last few asked for). */
export function planFor(r: Recurrence, anchor: EpochMs): Plan {
  for (let i = 0; i < MEMO_SIZE; i++) {
    if (memoKeys[i] === r) {
      const hit = memoPlans[i];
      if (hit !== undefined && hit.anchor === anchor) return hit;
      const plan = compile(r, anchor);
      memoPlans[i] = plan;
      return plan;
    }
  }
  const plan = compile(r, anchor);
  memoKeys[memoNext] = r;
  memoPlans[memoNext] = plan;
  memoNext = (memoNext + 1) % MEMO_SIZE;
  return plan;
}

/**
 * The days of month `(year, month)` that carry slots, as a mask (bit d-1 = day d): from
 * `monthDays` (negative = from the end; days the month lacks give nothing), or
 * `monthlyOccurrences` (no occurrence = every such weekday), or else the anchor's day clamped to
 * the month's end.
 */
export function monthDayMask(plan: Plan, year: number, month: number): number {
  const key = monthIndex(year, month);
  if (plan.memoMonth === key) return plan.memoMask;
  const dim = daysInMonth(year, month);
  let mask = 0;
  if (plan.monthDays) {
    for (const n of plan.monthDays) {
      const d = n > 0 ? n : dim + 1 + n;
      if (d >= 1 && d <= dim) mask |= 1 << (d - 1);
    }
  } else if (plan.occurrences) {
    const firstWeekday = isoWeekday(daysFromCivil(year, month, 1));
    for (const o of plan.occurrences) {
      const first = 1 + ((o.weekday - firstWeekday + 7) % 7);
      const last = first + 7 * Math.floor((dim - first) / 7);
      if (o.occurrence === undefined) {
        for (let d = first; d <= dim; d += 7) mask |= 1 << (d - 1);
      } else {
        const d = o.occurrence > 0 ? first + 7 * (o.occurrence - 1) : last + 7 * (o.occurrence + 1);
        if (d >= 1 && d <= dim) mask |= 1 << (d - 1);
      }
    }
  } else {
    mask = 1 << (Math.min(plan.anchorDayOfMonth, dim) - 1);
  }
  plan.memoMonth = key;
  plan.memoMask = mask;
  return mask;
}
