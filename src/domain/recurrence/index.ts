/**
 * Public surface of the recurrence module (behaviour.md §4). Pure: no clock, no I/O.
 * Callers (wire parsing, app use cases, engine, preview) use only these functions.
 */
import type { EpochMs, PreciseTime } from '../time.js';
import type { Recurrence } from './types.js';

export type { Frequency, MonthlyOccurrence, Recurrence, Schedule, WeekDay } from './types.js';
export { WEEK_DAYS } from './types.js';
export { daysFromCivil, daysInMonth } from './calendar.js';
export { isKnownTimeZone, resolveZone, type Zone } from './zones.js';

/** The schedule-relevant part of a job definition. */
export interface SeriesDefinition {
  readonly startTime?: PreciseTime;
  readonly recurrence?: Recurrence;
}

/** Where a series stands (mirrors the domain JobSchedule fields it needs). */
export interface SeriesPosition {
  readonly anchor: EpochMs;
  /** Occurrences already started in this series. */
  readonly seriesCount: number;
}

/**
 * Validates a recurrence (and the startTime rules that involve it) against behaviour.md §4.1.
 * Throws DomainError('BadRequest') whose message names the field and the rule, e.g.
 * `recurrence.interval: must be 1..78 for week, got 79` or the verbatim Azure text
 * `Cannot set days of month with recurrence unit 'Week'.`
 * `now` is the save time; `endTimeWritten` says whether this write sets endTime (it must then be
 * in the future).
 */
export function validateRecurrence(
  _def: SeriesDefinition,
  _ctx: { readonly now: EpochMs; readonly endTimeWritten: boolean },
): void {
  throw new Error('recurrence: not implemented yet');
}

/** A new series begins at `saveTime` (create or PUT): its anchor and first due time (§4.3). */
export function beginSeries(
  _def: SeriesDefinition,
  _saveTime: EpochMs,
): { readonly anchor: EpochMs; readonly firstDue: EpochMs | undefined } {
  throw new Error('recurrence: not implemented yet');
}

/**
 * The due time of the occurrence after the one due at `previousDue`, which has just started
 * (so `pos.seriesCount` already includes it). Undefined when the series has ended (count, endTime,
 * one-time).
 */
export function nextAfter(_def: SeriesDefinition, _pos: SeriesPosition, _previousDue: EpochMs): EpochMs | undefined {
  throw new Error('recurrence: not implemented yet');
}

/**
 * First due time at or after `now` in the existing series (PATCH touching the schedule, enable):
 * §4.8. Undefined when none remains.
 */
export function resumeAt(_def: SeriesDefinition, _pos: SeriesPosition, _now: EpochMs): EpochMs | undefined {
  throw new Error('recurrence: not implemented yet');
}

/**
 * The next `n` due times of a series that begins at `saveTime` (preview, API extension, dashboard).
 * Fewer when the series ends.
 */
export function preview(_def: SeriesDefinition, _saveTime: EpochMs, _n: number): EpochMs[] {
  throw new Error('recurrence: not implemented yet');
}

/**
 * The shortest gap between consecutive occurrences for quota checks (§7), in ms, using wall-clock
 * times for time zones. Undefined for a one-time job or a single slot.
 */
export function shortestGapMs(_recurrence: Recurrence | undefined, _anchor: EpochMs): number | undefined {
  throw new Error('recurrence: not implemented yet');
}
