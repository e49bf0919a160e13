/** A job's recurrence in words: "Mon–Fri at 09:30 and 17:00, Europe/Berlin". */
import { WEEK_DAYS as DAY_ORDER } from '../../../src/domain/recurrence/types.js';
import type { JobDoc, MonthlyOccurrence, RecurrenceDoc, WeekDay } from '../api/types.js';
import { count } from './count.js';
import { exactTime, type ZoneMode } from './time.js';

const short = (d: WeekDay) => d.charAt(0).toUpperCase() + d.slice(1, 3);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

export function and(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Consecutive week days collapse into ranges: Mon–Fri, Sat and Sun. */
export function weekDaysText(days: readonly WeekDay[]): string {
  const idx = [...new Set(days.map((d) => DAY_ORDER.indexOf(d)))].sort((a, b) => a - b);
  if (idx.length === 7) return 'every day';
  const runs: string[] = [];
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    const a = short(DAY_ORDER[idx[i]!]!);
    const b = short(DAY_ORDER[idx[j]!]!);
    runs.push(j - i >= 2 ? `${a}–${b}` : j > i ? `${a}, ${b}` : a);
    i = j + 1;
  }
  return runs.join(', ');
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd … */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A day of the month counted from either end: the 2nd, the last day, the 2nd-last day. */
const monthDayText = (d: number) => (d === -1 ? 'last day' : d < 0 ? `${ordinal(-d)}-last day` : ordinal(d));

/** `the 2nd Fri`, `the last Mon`, or `every Fri` (no occurrence: each of them in the month). */
const occurrenceText = (o: MonthlyOccurrence) =>
  o.occurrence === undefined
    ? `every ${short(o.day)}`
    : `the ${o.occurrence === -1 ? 'last' : o.occurrence < 0 ? `${ordinal(-o.occurrence)}-last` : ordinal(o.occurrence)} ${short(o.day)}`;

/**
 * The times of day a schedule names. A member the schedule leaves out comes from the start time
 * (docs/reference/scheduling-rules.md §4.5): without `minutes`, the start time's minute; without
 * `hours`, for a day or more, the start time's hour — `minutes` alone does not run every hour.
 */
function timesText(r: RecurrenceDoc): string | undefined {
  const s = r.schedule ?? {};
  const mins = s.minutes ?? [];
  const hours = s.hours ?? [];
  if (hours.length && mins.length && hours.length * mins.length <= 6)
    return `at ${and(hours.flatMap((h) => mins.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  if (hours.length === 24 && mins.length === 60) return 'every minute';
  const fromStart = r.frequency !== 'minute' && r.frequency !== 'hour';
  const parts: string[] = [];
  if (mins.length === 60) parts.push('every minute');
  else if (mins.length) parts.push(`at minute ${and(mins.map(String))}`);
  const hourList = hours.length === 24 ? 'every hour' : `hour ${and(hours.map(String))}`;
  if (hours.length && mins.length) {
    if (hours.length < 24) parts.push(`of ${hourList}`);
  } else if (hours.length) parts.push(`in ${hourList} at the start time's minute`);
  else if (mins.length && mins.length < 60 && fromStart) parts.push("of the start time's hour");
  return parts.length ? parts.join(' ') : undefined;
}

/** A wire time as written, without a zero fraction (the default when no zone is chosen). */
const asWritten = (iso: string): string => iso.replace(/\.0+Z$|Z$/, 'Z');

/** `time`: how a one-time job's start and an end time are written (the page's "Times in" zone). */
export function recurrenceText(
  r: RecurrenceDoc | undefined,
  startTime?: string,
  time: (iso: string) => string = asWritten,
): string {
  if (!r) return startTime ? `once, ${time(startTime)}` : 'once, at save';
  const n = r.interval ?? 1;
  const s = r.schedule ?? {};
  const unit = `${r.frequency}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (s.weekDays?.length) {
    parts.push(n === 1 ? weekDaysText(s.weekDays) : `${weekDaysText(s.weekDays)}, every ${n} weeks`);
  } else if (s.monthDays?.length) {
    parts.push(
      `on the ${and(s.monthDays.map(monthDayText))} of ${n === 1 ? 'the month' : `every ${n} months`}`,
    );
  } else if (s.monthlyOccurrences?.length) {
    parts.push(
      `on ${and(s.monthlyOccurrences.map(occurrenceText))} of ${n === 1 ? 'the month' : `every ${n} months`}`,
    );
  } else {
    const times = timesText(r);
    if (!times || r.frequency === 'minute' || r.frequency === 'hour' || n > 1)
      parts.push(n === 1 ? `every ${r.frequency}` : `every ${n} ${unit}`);
    else parts.push('daily');
  }
  const times = timesText(r);
  if (times && !(r.frequency === 'minute' && times === 'every minute')) parts.push(times);
  if (s.months?.length) parts.push(`in ${and(s.months.map((m) => MONTHS[m - 1] ?? String(m)))}`);
  // How long it lasts reads as its own clause: "at 09:30, 10 times, until …", not "at 09:30 10 times".
  const limits: string[] = [];
  if (r.count !== undefined) limits.push(count(r.count, 'time'));
  if (r.endTime) limits.push(`until ${time(r.endTime)}`);
  const text = [parts.join(' '), ...limits].join(', ');
  return r.timeZone ? `${text}, ${r.timeZone}` : text;
}

/** The schedule in words; with `mode`, its times in the zone the page shows times in. */
export function scheduleOf(job: Pick<JobDoc, 'recurrence' | 'startTime'>, mode?: ZoneMode): string {
  const zone = job.recurrence?.timeZone;
  return recurrenceText(
    job.recurrence,
    job.startTime,
    mode === undefined ? asWritten : (iso) => exactTime(iso, mode, zone),
  );
}
