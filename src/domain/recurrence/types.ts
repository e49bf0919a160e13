import type { PreciseTime } from '../time.js';

/** Recurrence as the domain sees it: parsed, validated, enums normalized to lower case. */
export type Frequency = 'minute' | 'hour' | 'day' | 'week' | 'month';

export type WeekDay = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export const WEEK_DAYS: readonly WeekDay[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

export interface MonthlyOccurrence {
  readonly day: WeekDay;
  /** -5..-1 or 1..5; absent = every such weekday of the month. */
  readonly occurrence?: number;
}

/** Lists keep the order given with duplicates removed (the echo uses that order). */
export interface Schedule {
  readonly minutes?: readonly number[];
  readonly hours?: readonly number[];
  readonly weekDays?: readonly WeekDay[];
  /** Extension: a month filter (1..12). */
  readonly months?: readonly number[];
  readonly monthDays?: readonly number[];
  readonly monthlyOccurrences?: readonly MonthlyOccurrence[];
}

export interface Recurrence {
  readonly frequency: Frequency;
  /** Always set (default 1). */
  readonly interval: number;
  readonly count?: number;
  readonly endTime?: PreciseTime;
  /** Absent when the wire schedule had no non-empty list. */
  readonly schedule?: Schedule;
  /** Extension: IANA or Windows zone name, echoed as given. Absent = UTC. */
  readonly timeZone?: string;
}
