/** A job's recurrence in words: "Mon–Fri at 09:30 and 17:00, Europe/Berlin". */
import { WEEK_DAYS as DAY_ORDER } from '../../../src/domain/recurrence/types.js';
import type { JobDoc, MonthlyOccurrence, RecurrenceDoc, WeekDay } from '../api/types.js';

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

const ordinal = (n: number) =>
  n === -1
    ? 'last'
    : n < 0
      ? `${-n}${['th', 'st', 'nd', 'rd'][-n] ?? 'th'} last`
      : `${n}${['th', 'st', 'nd', 'rd'][n] ?? 'th'}`;

function timesText(r: RecurrenceDoc): string | undefined {
  const s = r.schedule ?? {};
  const mins = s.minutes ?? [];
  const hours = s.hours ?? [];
  if (hours.length && mins.length && hours.length * mins.length <= 6)
    return `at ${and(hours.flatMap((h) => mins.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  if (hours.length === 24 && mins.length === 60) return 'every minute';
  const parts: string[] = [];
  if (mins.length === 60) parts.push('every minute');
  else if (mins.length) parts.push(`at minute ${and(mins.map(String))}`);
  if (hours.length && hours.length < 24) parts.push(`of hour ${and(hours.map(String))}`);
  return parts.length ? parts.join(' ') : undefined;
}

export function recurrenceText(r: RecurrenceDoc | undefined, startTime?: string): string {
  if (!r) return startTime ? `once, ${startTime}` : 'once, at save';
  const n = r.interval ?? 1;
  const s = r.schedule ?? {};
  const unit = `${r.frequency}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (s.weekDays?.length) {
    parts.push(n === 1 ? weekDaysText(s.weekDays) : `${weekDaysText(s.weekDays)}, every ${n} weeks`);
  } else if (s.monthDays?.length) {
    const days = s.monthDays.map((d) => (d === -1 ? 'last day' : d < 0 ? `${-d}th-last day` : ordinal(d)));
    parts.push(`on the ${and(days)} of ${n === 1 ? 'the month' : `every ${n} months`}`);
  } else if (s.monthlyOccurrences?.length) {
    const occ = (o: MonthlyOccurrence) =>
      `${o.occurrence === undefined ? 'every' : ordinal(o.occurrence)} ${short(o.day)}`;
    parts.push(
      `on the ${and(s.monthlyOccurrences.map(occ))} of ${n === 1 ? 'the month' : `every ${n} months`}`,
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
  if (r.count !== undefined) parts.push(`${r.count} times`);
  if (r.endTime) parts.push(`until ${r.endTime.replace(/\.0+Z$|Z$/, 'Z')}`);
  const text = parts.join(' ');
  return r.timeZone ? `${text}, ${r.timeZone}` : text;
}

export function scheduleOf(job: Pick<JobDoc, 'recurrence' | 'startTime'>): string {
  return recurrenceText(job.recurrence, job.startTime);
}
