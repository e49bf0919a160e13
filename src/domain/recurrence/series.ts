/**
 * A job's series (docs/reference/scheduling-rules.md §4.2, §4.3, §4.6, §4.8): the first due time when a series
 * begins, the next one after an occurrence started, and where to resume after PATCH or enable.
 */
import type { EpochMs, PreciseTime } from '../time.js';
import { occurrenceAtOrAfter, SEARCH_HORIZON_MS } from './occurrences.js';
import { planFor } from './plan.js';
import type { Recurrence } from './types.js';

export interface SeriesDefinition {
  readonly startTime?: PreciseTime;
  readonly recurrence?: Recurrence;
}

export interface SeriesPosition {
  readonly anchor: EpochMs;
  /** Occurrences already started in this series. */
  readonly seriesCount: number;
}

/** Earliest instant not before a precise time, in whole ms (a sub-ms start rounds up). */
function ceilMs(t: PreciseTime): EpochMs {
  return t.ticks > 0 ? t.ms + 1 : t.ms;
}

/**
 * The earliest time a schedule slot may have: with a start time, the start time itself (§4.3
 * "first slot ≥ startTime"); without one, strictly after the anchor (the save-time run took A).
 */
function slotFloor(def: SeriesDefinition, anchor: EpochMs): EpochMs {
  return def.startTime ? ceilMs(def.startTime) : anchor + 1;
}

/** First occurrence ≥ t within endTime (inclusive) and the search horizon. */
function firstFrom(r: Recurrence, anchor: EpochMs, t: EpochMs): EpochMs | undefined {
  const end = r.endTime ? r.endTime.ms : Infinity;
  const limit = Math.min(end, t + SEARCH_HORIZON_MS);
  return occurrenceAtOrAfter(planFor(r, anchor), t, limit);
}

function hasSchedule(r: Recurrence): boolean {
  const s = r.schedule;
  if (!s) return false;
  return !!(
    s.minutes?.length ||
    s.hours?.length ||
    s.weekDays?.length ||
    s.months?.length ||
    s.monthDays?.length ||
    s.monthlyOccurrences?.length
  );
}

/** Within endTime: an occurrence due exactly at endTime runs. */
function withinEnd(r: Recurrence, due: EpochMs): boolean {
  return !r.endTime || due <= r.endTime.ms;
}

export function beginSeries(
  def: SeriesDefinition,
  saveTime: EpochMs,
): { readonly anchor: EpochMs; readonly firstDue: EpochMs | undefined } {
  const anchor = def.startTime ? def.startTime.ms : saveTime;
  const r = def.recurrence;
  if (!r) return { anchor, firstDue: Math.max(anchor, saveTime) };
  if (r.count !== undefined && r.count < 1) return { anchor, firstDue: undefined };
  let first: EpochMs | undefined;
  if (!def.startTime) {
    first = saveTime; // occurrence 1 at save time (= A)
  } else if (hasSchedule(r)) {
    first = firstFrom(r, anchor, Math.max(slotFloor(def, anchor), saveTime));
  } else {
    first = firstFrom(r, anchor, saveTime); // ≤ A gives G_0 = A; a past start skips to the grid
  }
  return { anchor, firstDue: first !== undefined && withinEnd(r, first) ? first : undefined };
}

export function nextAfter(
  def: SeriesDefinition,
  pos: SeriesPosition,
  previousDue: EpochMs,
): EpochMs | undefined {
  const r = def.recurrence;
  if (!r) return undefined;
  if (r.count !== undefined && pos.seriesCount >= r.count) return undefined;
  const floor = hasSchedule(r) ? slotFloor(def, pos.anchor) : pos.anchor;
  return firstFrom(r, pos.anchor, Math.max(previousDue + 1, floor));
}

export function resumeAt(def: SeriesDefinition, pos: SeriesPosition, now: EpochMs): EpochMs | undefined {
  const r = def.recurrence;
  if (!r) {
    // A one-time series allows one occurrence; a pending one whose time passed runs at once. Its due
    // time is the start time's whole millisecond, as when the series began (beginSeries): the digits
    // past it are shown, not waited for (docs/reference/scheduling-rules.md §6.1).
    return pos.seriesCount >= 1 ? undefined : Math.max(def.startTime ? def.startTime.ms : pos.anchor, now);
  }
  if (r.count !== undefined && pos.seriesCount >= r.count) return undefined;
  const floor = hasSchedule(r) ? slotFloor(def, pos.anchor) : pos.anchor;
  return firstFrom(r, pos.anchor, Math.max(now, floor));
}

export function preview(def: SeriesDefinition, saveTime: EpochMs, n: number): EpochMs[] {
  const out: EpochMs[] = [];
  if (n <= 0) return out;
  const { anchor, firstDue } = beginSeries(def, saveTime);
  let due = firstDue;
  while (due !== undefined && out.length < n) {
    out.push(due);
    due = nextAfter(def, { anchor, seriesCount: out.length }, due);
  }
  return out;
}

/**
 * The pattern alone: the first occurrence strictly after `after` of a recurrence anchored at
 * `anchor` (grid points from G_0 = A, or schedule slots ≥ A), none after endTime. `count` belongs
 * to a series (see `nextAfter`), so it is not applied here.
 */
export function patternAfter(r: Recurrence, anchor: EpochMs, after: EpochMs): EpochMs | undefined {
  return firstFrom(r, anchor, Math.max(Math.floor(after) + 1, anchor));
}
