/**
 * A cron expression translated into the equivalent Azure recurrence — a convenience of the tools
 * (CLI `--cron`, the dashboard's cron field); the API itself stays pure Azure (docs/cli.md,
 * docs/dashboard.md).
 *
 * Five fields: minute hour day-of-month month day-of-week, each `*`, a value, a range `a-b`, a step
 * `*\/n` or `a-b/n`, or a comma list of those; month and week-day names (jan, mon…); week day 0 or 7
 * is Sunday. Also `L` (last day of the month), `d#n` / `dL` (n-th / last week day of the month), and
 * the macros @hourly @daily @midnight @weekly @monthly @yearly @annually.
 *
 * Refused, naming why: a seconds field, a step or range that matches nothing, and a day-of-month
 * together with a day-of-week (cron fires when EITHER matches; an Azure schedule needs both).
 * The recurrence is in the job's time zone (`recurrence.timeZone`), as the cron daemon uses its own.
 */
import { badRequest } from '../errors.js';
import { WEEK_DAYS, type Frequency, type MonthlyOccurrence, type WeekDay } from './types.js';

/** The wire shape of the translated recurrence (`interval` is always 1: cron has no periods). */
export interface CronRecurrence {
  readonly frequency: Frequency;
  readonly interval: 1;
  readonly schedule?: {
    readonly minutes?: number[];
    readonly hours?: number[];
    readonly weekDays?: WeekDay[];
    readonly monthDays?: number[];
    readonly monthlyOccurrences?: MonthlyOccurrence[];
    readonly months?: number[];
  };
}

const MACROS: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Cron's 0 = Sunday … 6 = Saturday (7 = Sunday too). */
const CRON_DAY: readonly WeekDay[] = ['sunday', ...WEEK_DAYS.slice(0, 6)];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Value of names[0] (months: 1, days: 0). */
  readonly nameBase?: number;
}
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAYS, nameBase: 0 },
];

const fail = (why: string) => badRequest(`cron: ${why}`);

function value(text: string, f: FieldSpec): number {
  const i = f.names?.indexOf(text.toLowerCase()) ?? -1;
  const n = i >= 0 ? i + (f.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < f.min || n > f.max) {
    throw fail(`${f.name} '${text}' is not a value ${f.min}..${f.max}`);
  }
  return n;
}

/** The values a field matches (sorted, unique), or undefined for `*` (every value). */
function expand(text: string, f: FieldSpec): number[] | undefined {
  if (text === '*' || text === '?') return undefined;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) throw fail(`${f.name} '${part}' is not a value, range or step`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw fail(`${f.name} step in '${part}' must be at least 1`);
    const range = m[1]!;
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [f.min, f.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [lo, hi] = [value(a, f), value(b, f)];
      if (lo > hi) throw fail(`${f.name} range '${range}' runs backwards`);
    } else {
      lo = value(range, f);
      hi = m[2] === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Day-of-week items with `#n` or `L` become monthly occurrences; plain ones week days. */
function weekField(text: string): { days?: WeekDay[]; occurrences?: MonthlyOccurrence[] } {
  if (!/[#L]/i.test(text)) {
    const v = expand(text, FIELDS[4]!);
    return v ? { days: [...new Set(v.map((d) => CRON_DAY[d % 7]!))] } : {};
  }
  const occurrences = text.split(',').map((part): MonthlyOccurrence => {
    const m = /^(\w+?)(?:#([1-5])|(L))$/i.exec(part);
    if (!m) throw fail(`day-of-week '${part}' mixes '#'/'L' with other forms; list each day as d#n or dL`);
    const day = CRON_DAY[value(m[1]!, FIELDS[4]!) % 7]!;
    return { day, occurrence: m[3] ? -1 : Number(m[2]) };
  });
  return { occurrences };
}

export function cronToRecurrence(expression: string): CronRecurrence {
  const trimmed = expression.trim();
  const text = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (text.startsWith('@')) throw fail(`unknown macro '${trimmed}'`);
  const parts = text.split(/\s+/);
  if (parts.length === 6) throw fail('a seconds field is not supported (Azure recurrences run on minutes)');
  if (parts.length !== 5) {
    throw fail(`needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  const [minF, hourF, domF, monF, dowF] = parts as [string, string, string, string, string];
  const minutes = expand(minF, FIELDS[0]!);
  const hours = expand(hourF, FIELDS[1]!);
  const lastDay = /^L$/i.test(domF);
  const monthDays = lastDay ? [-1] : expand(domF, FIELDS[2]!);
  const months = expand(monF, FIELDS[3]!);
  const week = weekField(dowF);
  const byWeek = week.days !== undefined && week.days.length < 7;
  const byMonth = monthDays !== undefined || week.occurrences !== undefined;
  if (monthDays && (week.days || week.occurrences)) {
    throw fail(
      'day-of-month and day-of-week are both set: cron runs when either matches, an Azure schedule only when both do; split it into two jobs',
    );
  }
  if (!minutes && !hours && !byWeek && !byMonth && !months) return { frequency: 'minute', interval: 1 };
  const frequency: Frequency = byMonth ? 'month' : byWeek ? 'week' : hours ? 'day' : 'hour';
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);
  // Unlisted minutes and (for day, week, month) hours would default to the start time's own.
  const schedule: NonNullable<CronRecurrence['schedule']> = {
    minutes: minutes ?? all(60),
    ...(hours || frequency !== 'hour' ? { hours: hours ?? all(24) } : {}),
    ...(byWeek ? { weekDays: week.days } : {}),
    ...(monthDays ? { monthDays } : {}),
    ...(week.occurrences ? { monthlyOccurrences: week.occurrences } : {}),
    ...(months ? { months } : {}),
  };
  return { frequency, interval: 1, schedule };
}
