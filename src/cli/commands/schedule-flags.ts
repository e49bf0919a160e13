/**
 * The schedule flags shared by `takt jobs create|set` and `takt schedule preview`: `--every` with
 * `--minutes --hours --week-days --month-days --months`, or `--cron`; `--count`, `--end-time`,
 * `--time-zone`. `recurrenceFromFlags` builds a whole wire recurrence (create, preview);
 * `recurrencePatch` only the members the flags name (set = PATCH merge, docs/cli.md).
 */
import { cronToRecurrence, unfitScheduleMembers } from '../../domain/recurrence/index.js';
import { isDomainError } from '../../domain/errors.js';
import { UsageError } from '../client/api-error.js';
import { parsePositiveInt } from './remote.js';

export interface ScheduleFlags {
  readonly every?: string;
  readonly cron?: string;
  readonly minutes?: string;
  readonly hours?: string;
  readonly weekDays?: string;
  readonly monthDays?: string;
  readonly months?: string;
  readonly count?: string;
  readonly endTime?: string;
  readonly timeZone?: string;
  readonly once?: boolean;
}

type Doc = Record<string, unknown>;

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const SCHEDULE_MEMBERS = ['minutes', 'hours', 'weekDays', 'monthDays', 'monthlyOccurrences', 'months'];

/** `5m`, `1h`, `2d`, `1w`, `3mo` (or `5 minutes`) → frequency and interval. */
export function parseEvery(text: string): {
  frequency: 'minute' | 'hour' | 'day' | 'week' | 'month';
  interval: number;
} {
  const m =
    /^(\d+)\s*(m|min|mins|minute|minutes|h|hour|hours|d|day|days|w|week|weeks|mo|month|months)$/i.exec(
      text.trim(),
    );
  if (!m) throw new UsageError(`--every: must look like 5m, 1h, 2d, 1w or 3mo, got '${text}'`);
  const u = (m[2] ?? '').toLowerCase();
  const frequency = u.startsWith('mo')
    ? 'month'
    : u.startsWith('m')
      ? 'minute'
      : u.startsWith('h')
        ? 'hour'
        : u.startsWith('d')
          ? 'day'
          : 'week';
  return { frequency, interval: parsePositiveInt(m[1] ?? '', '--every') };
}

function intList(text: string, flag: string, min: number, max: number): number[] {
  return text.split(',').map((part) => {
    const t = part.trim();
    const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isInteger(n) || n < min || n > max || (n === 0 && min < 0)) {
      throw new UsageError(
        `${flag}: each value must be an integer from ${min} to ${max}${min < 0 ? ' except 0' : ''}, got '${t}'`,
      );
    }
    return n;
  });
}

function dayList(text: string): string[] {
  return text.split(',').map((part) => {
    const t = part.trim().toLowerCase();
    const hit = DAYS.find((d) => d === t || d.slice(0, 3) === t);
    if (hit === undefined)
      throw new UsageError(
        `--week-days: each value must be a day such as mon or monday, got '${part.trim()}'`,
      );
    return hit;
  });
}

/** The schedule members the flags name. */
function scheduleFromFlags(f: ScheduleFlags): Doc {
  const s: Doc = {};
  if (f.minutes !== undefined) s['minutes'] = intList(f.minutes, '--minutes', 0, 59);
  if (f.hours !== undefined) s['hours'] = intList(f.hours, '--hours', 0, 23);
  if (f.weekDays !== undefined) s['weekDays'] = dayList(f.weekDays);
  if (f.months !== undefined) s['months'] = intList(f.months, '--months', 1, 12);
  if (f.monthDays !== undefined) s['monthDays'] = intList(f.monthDays, '--month-days', -31, 31);
  return s;
}

/** `--cron` → frequency, interval and a schedule that names every member (null = remove on merge). */
function fromCron(f: ScheduleFlags): Doc {
  const clash = (['every', 'minutes', 'hours', 'weekDays', 'monthDays', 'months'] as const).find(
    (k) => f[k] !== undefined,
  );
  if (clash !== undefined)
    throw new UsageError(
      `--cron: cannot be combined with --${clash.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    );
  let r;
  try {
    r = cronToRecurrence(f.cron ?? '');
  } catch (e) {
    if (isDomainError(e)) throw new UsageError(`--cron: ${e.message.replace(/^cron: /, '')}`);
    throw e;
  }
  const schedule: Doc = {};
  const given = (r.schedule ?? {}) as Doc;
  for (const k of SCHEDULE_MEMBERS) schedule[k] = given[k] ?? null;
  return { frequency: r.frequency, interval: r.interval, schedule };
}

function bounds(f: ScheduleFlags): Doc {
  return {
    ...(f.count !== undefined ? { count: parsePositiveInt(f.count, '--count') } : {}),
    ...(f.endTime !== undefined ? { endTime: f.endTime } : {}),
    ...(f.timeZone !== undefined ? { timeZone: f.timeZone } : {}),
  };
}

const stripNulls = (d: Doc): Doc => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null));

/** A whole recurrence (create, preview), or undefined for a one-time job. */
export function recurrenceFromFlags(f: ScheduleFlags): Doc | undefined {
  if (f.once && (f.every !== undefined || f.cron !== undefined))
    throw new UsageError(`--once: cannot be combined with ${f.cron !== undefined ? '--cron' : '--every'}`);
  if (f.cron !== undefined) {
    const r = fromCron(f);
    return { ...r, schedule: stripNulls(r['schedule'] as Doc), ...bounds(f) };
  }
  const schedule = scheduleFromFlags(f);
  if (f.every === undefined) {
    if (Object.keys(schedule).length > 0 || Object.keys(bounds(f)).length > 0)
      throw new UsageError(
        '--every: is required with --minutes, --hours, --week-days, --month-days, --months, --count, --end-time or --time-zone (or use --cron)',
      );
    return undefined;
  }
  return {
    ...parseEvery(f.every),
    ...bounds(f),
    ...(Object.keys(schedule).length > 0 ? { schedule } : {}),
  };
}

/**
 * The recurrence members the flags name, for a PATCH merge: `--hours 3` alone changes only the
 * hours; `--cron` replaces frequency, interval and the whole schedule; `--once` removes the
 * recurrence (`null`). Undefined when no schedule flag was given. `stored` is the job's recurrence
 * as read: the members of its schedule that an `--every` of another frequency cannot have are
 * removed (`scheduleDroppedByEvery`), or the merge would be refused for flags the user never gave.
 */
export function recurrencePatch(f: ScheduleFlags, stored?: Doc): Doc | null | undefined {
  if (f.once) {
    if (f.every !== undefined || f.cron !== undefined)
      throw new UsageError(`--once: cannot be combined with ${f.cron !== undefined ? '--cron' : '--every'}`);
    return null;
  }
  const base = f.cron !== undefined ? fromCron(f) : f.every !== undefined ? parseEvery(f.every) : {};
  const schedule: Doc = scheduleFromFlags(f);
  for (const k of scheduleDroppedByEvery(f, stored)) schedule[k] = null;
  const r: Doc = { ...base, ...bounds(f) };
  if (f.cron === undefined && Object.keys(schedule).length > 0) r['schedule'] = schedule;
  return Object.keys(r).length > 0 ? r : undefined;
}

/**
 * The members of the stored schedule that `--every` (without `--cron`) leaves unfit for its unit
 * (`unfitScheduleMembers`) and that no flag replaces.
 */
export function scheduleDroppedByEvery(f: ScheduleFlags, stored: Doc | undefined): string[] {
  if (f.cron !== undefined || f.every === undefined) return [];
  const given = scheduleFromFlags(f);
  const held = (stored?.['schedule'] ?? {}) as Doc;
  return unfitScheduleMembers(parseEvery(f.every).frequency, held).filter((k) => !(k in given));
}
