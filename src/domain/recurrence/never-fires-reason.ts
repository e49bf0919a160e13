/**
 * Schedules that can never fire, found by modular arithmetic before any search, so the 400 names the field
 * and the rule that makes them empty (docs/reference/scheduling-rules.md §4.1 "Productive"). The search-based
 * productive rule in validate.ts still catches the rest (e.g. a fifth Friday that only some years have, or a
 * slot beyond 8 years); this only makes the common mistakes precise.
 */
import { mod } from './calendar.js';
import type { Plan } from './plan.js';
import type { Recurrence } from './types.js';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Longest length of a month (1..12) in any year: February has a 29th in leap years. */
const longestMonth = (m: number): number =>
  m === 2 ? 29 : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** The values `start + k × step (mod size)` takes for k ≥ 0, sorted. */
function orbit(start: number, step: number, size: number): number[] {
  const out = new Set<number>();
  for (let k = 0; k < size; k++) out.add(mod(start + k * step, size));
  return [...out].sort((a, b) => a - b);
}

const list = (xs: readonly number[]): string => `[${xs.join(', ')}]`;

/**
 * The reason the recurrence can never fire from the compiled anchor, as a message naming the field
 * and the rule; undefined when this check finds none.
 */
export function neverFiresReason(r: Recurrence, p: Plan): string | undefined {
  const s = r.schedule;
  if (!s) return undefined;
  if (r.frequency === 'hour' && s.hours?.length) {
    const from = mod(p.anchorHour, 24);
    const reachable = orbit(from, r.interval, 24);
    if (!s.hours.some((h) => reachable.includes(h))) {
      return (
        `recurrence.schedule.hours: every ${r.interval} hours from hour ${from} (the hour of startTime, or of now without one) reaches only hours ` +
        `${list(reachable)}, none of ${list(s.hours)}; the schedule would never fire`
      );
    }
  }
  if (r.frequency !== 'month') return undefined;
  const reachable = orbit(p.anchorMonth - 1, r.interval, 12).map((m) => m + 1);
  const months = s.months?.length ? reachable.filter((m) => s.months?.includes(m)) : reachable;
  if (months.length === 0) {
    return (
      `recurrence.schedule.months: every ${r.interval} months from ${MONTH_NAMES[p.anchorMonth - 1] ?? ''} (the month of startTime, or of now without one) ` +
      `reaches only months ${list(reachable)}, none of ${list(s.months ?? [])}; the schedule would never fire`
    );
  }
  const days = s.monthDays;
  if (days?.length && !days.some((d) => months.some((m) => Math.abs(d) <= longestMonth(m)))) {
    return `recurrence.schedule.monthDays: no day of ${list(days)} exists in months ${list(months)}; the schedule would never fire`;
  }
  return undefined;
}
