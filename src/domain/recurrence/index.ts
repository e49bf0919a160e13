/**
 * Public surface of the recurrence module (docs/reference/scheduling-rules.md §4). Pure: no clock, no I/O.
 * Callers (wire parsing, app use cases, engine, preview) use only these functions.
 *
 * Terminology
 * - anchor (A): startTime, or the moment the current series began when there is none.
 * - grid: A + k × interval × unit, for a recurrence without a schedule (§4.4).
 * - slot: a wall-clock time produced by a schedule (days × hours × minutes, §4.5).
 * - wall ms: a local wall-clock time in the recurrence's zone, written as if it were epoch ms.
 */
import type { EpochMs } from '../time.js';
import { shortestGapMs as gap } from './shortest-gap.js';
import {
  beginSeries as begin,
  nextAfter as next,
  patternAfter,
  preview as previewSeries,
  resumeAt as resume,
  type SeriesDefinition,
  type SeriesPosition,
} from './series.js';
import type { Recurrence } from './types.js';
import { validateSeries } from './validate-series.js';

export type { Frequency, MonthlyOccurrence, Recurrence, Schedule, WeekDay } from './types.js';
export type { SeriesDefinition, SeriesPosition } from './series.js';
export { WEEK_DAYS } from './types.js';
export { cronToRecurrence, type CronRecurrence } from './cron.js';
export { scheduleMemberFits, unfitScheduleMembers } from './schedule-members.js';
export { daysFromCivil, daysInMonth } from './calendar.js';
export { isKnownTimeZone, resolveZone, type Zone } from './zones.js';

/**
 * Validates a recurrence (and the startTime rules that involve it) against docs/reference/scheduling-rules.md §4.1.
 * Throws DomainError('BadRequest') whose message names the field and the rule, e.g.
 * `recurrence.interval: must be 1..78 for week, got 79` or the verbatim Azure text
 * `Cannot set days of month with recurrence unit 'Week'.`
 * `now` is the save time; `endTimeWritten` says whether this write sets endTime (it must then be
 * in the future). `seriesAnchor`: the anchor of the job's existing series when the write keeps it
 * (a PATCH of a job without startTime); interval periods count from it, so e.g. month/12 with
 * months [2] is judged from the series' February, not from the month of the PATCH.
 * `scheduleWritten: false` (a PATCH touching neither startTime nor recurrence) skips the rule that
 * the schedule must still produce an occurrence.
 */
export function validateRecurrence(
  def: SeriesDefinition,
  ctx: {
    readonly now: EpochMs;
    readonly endTimeWritten: boolean;
    readonly seriesAnchor?: EpochMs;
    readonly scheduleWritten?: boolean;
  },
): void {
  validateSeries(def, ctx);
}

/** A new series begins at `saveTime` (create or PUT): its anchor and first due time (§4.3). */
export function beginSeries(
  def: SeriesDefinition,
  saveTime: EpochMs,
): { readonly anchor: EpochMs; readonly firstDue: EpochMs | undefined } {
  return begin(def, saveTime);
}

/**
 * The due time of the occurrence after the one due at `previousDue`, which has just started
 * (so `pos.seriesCount` already includes it). Undefined when the series has ended (count, endTime,
 * one-time).
 */
export function nextAfter(
  def: SeriesDefinition,
  pos: SeriesPosition,
  previousDue: EpochMs,
): EpochMs | undefined {
  return next(def, pos, previousDue);
}

/**
 * First due time at or after `now` in the existing series (PATCH touching the schedule, enable):
 * §4.8. Undefined when none remains.
 */
export function resumeAt(def: SeriesDefinition, pos: SeriesPosition, now: EpochMs): EpochMs | undefined {
  return resume(def, pos, now);
}

/**
 * The next `n` due times of a series that begins at `saveTime` (preview, API extension, dashboard).
 * Fewer when the series ends.
 */
export function preview(def: SeriesDefinition, saveTime: EpochMs, n: number): EpochMs[] {
  return previewSeries(def, saveTime, n);
}

/**
 * The next `n` occurrences of a recurrence's pattern strictly after `after`, for an anchor A: grid
 * points A + k × interval × unit (k ≥ 0), or schedule slots at or after A; none after endTime; fewer
 * when the pattern ends. `count` is not applied: it counts a series' runs (see `nextAfter`).
 */
export function nextOccurrences(recurrence: Recurrence, anchor: EpochMs, after: EpochMs, n = 1): EpochMs[] {
  const out: EpochMs[] = [];
  let t: EpochMs | undefined = after;
  while (out.length < n) {
    t = patternAfter(recurrence, anchor, t);
    if (t === undefined) break;
    out.push(t);
  }
  return out;
}

/** `nextOccurrences(…, 1)` without the array: the hot path of the engine and the benchmark. */
export function nextOccurrence(recurrence: Recurrence, anchor: EpochMs, after: EpochMs): EpochMs | undefined {
  return patternAfter(recurrence, anchor, after);
}

/**
 * The shortest gap between consecutive occurrences for quota checks (§7), in ms, using wall-clock
 * times for time zones. Undefined for a one-time job or a single slot.
 */
export function shortestGapMs(recurrence: Recurrence | undefined, anchor: EpochMs): number | undefined {
  return gap(recurrence, anchor);
}
