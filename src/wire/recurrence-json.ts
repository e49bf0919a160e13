/**
 * Recurrence on the wire (docs/reference/classic-operations.md §6.1, §6.7) ⇄ the domain `Recurrence`.
 *
 * Parsing checks shape (types, enums, integers); the range and combination rules
 * (docs/reference/scheduling-rules.md §4.1) are the domain's `validateRecurrence`, which needs the save time.
 */
import { clip } from '../domain/clip.js';
import { badRequest } from '../domain/errors.js';
import {
  WEEK_DAYS,
  type Frequency,
  type MonthlyOccurrence,
  type Recurrence,
  type Schedule,
  type WeekDay,
} from '../domain/recurrence/index.js';
import { formatDateTime, parseDateTime, toPreciseTime } from './datetime.js';

const FREQUENCIES: readonly Frequency[] = ['minute', 'hour', 'day', 'week', 'month'];

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Members by lower-cased name; a later duplicate (in any case) wins; `null` means absent. */
function members(obj: JsonObject): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = k.toLowerCase();
    out.delete(key);
    if (v !== null && v !== undefined) out.set(key, v);
  }
  return out;
}

/**
 * A rejected value as the message shows it: short, and never by serialising it whole — a hostile
 * value may be 100,000 arrays deep (JSON.stringify would overflow the stack: a 500) or half a
 * megabyte long (the message is answered, logged and kept in the operation record).
 */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(clip(v));
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

function integer(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw badRequest(`${field}: must be an integer, got ${shown(v)}`);
  return v;
}

function enumValue<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    const hit = allowed.find((a) => a === lower);
    if (hit) return hit;
  }
  throw badRequest(`${field}: unknown value ${shown(v)} (allowed: ${allowed.join(', ')})`);
}

/** An array, or a bare item in its place; items deduplicated keeping the first position. */
function list<T>(v: unknown, field: string, item: (x: unknown, f: string) => T, key: (x: T) => string): T[] {
  const raw: readonly unknown[] = Array.isArray(v) ? v : [v];
  const seen = new Set<string>();
  const out: T[] = [];
  const bare = !Array.isArray(v);
  raw.forEach((x, i) => {
    // A bare item is named as the member itself: `monthDays: must be …`, not `monthDays[0]`.
    const parsed = item(x, bare ? field : `${field}[${i}]`);
    const k = key(parsed);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(parsed);
    }
  });
  return out;
}

const weekDay = (x: unknown, f: string): WeekDay => enumValue(x, WEEK_DAYS, f);

function monthlyOccurrence(x: unknown, f: string): MonthlyOccurrence {
  if (!isObject(x)) throw badRequest(`${f}: must be an object with 'day' and optional 'occurrence'`);
  const m = members(x);
  if (!m.has('day')) throw badRequest(`${f}.day: is required`);
  const day = weekDay(m.get('day'), `${f}.day`);
  const occ = m.get('occurrence');
  return occ === undefined ? { day } : { day, occurrence: integer(occ, `${f}.occurrence`) };
}

function parseSchedule(v: unknown, field: string): Schedule | undefined {
  if (!isObject(v)) throw badRequest(`${field}: must be an object`);
  const m = members(v);
  const ints = (name: string): number[] | undefined => {
    const x = m.get(name.toLowerCase());
    return x === undefined ? undefined : list(x, `${field}.${name}`, integer, String);
  };
  const weekDaysRaw = m.get('weekdays');
  const occRaw = m.get('monthlyoccurrences');
  const s: { -readonly [K in keyof Schedule]: Schedule[K] } = {};
  const minutes = ints('minutes');
  const hours = ints('hours');
  const weekDays =
    weekDaysRaw === undefined ? undefined : list(weekDaysRaw, `${field}.weekDays`, weekDay, String);
  const months = ints('months');
  const monthDays = ints('monthDays');
  const monthlyOccurrences =
    occRaw === undefined
      ? undefined
      : list(
          occRaw,
          `${field}.monthlyOccurrences`,
          monthlyOccurrence,
          (o) => `${o.day}/${o.occurrence ?? ''}`,
        );
  // Empty lists are the same as absent ones; a schedule with no non-empty list is no schedule.
  if (minutes?.length) s.minutes = minutes;
  if (hours?.length) s.hours = hours;
  if (weekDays?.length) s.weekDays = weekDays;
  if (months?.length) s.months = months;
  if (monthDays?.length) s.monthDays = monthDays;
  if (monthlyOccurrences?.length) s.monthlyOccurrences = monthlyOccurrences;
  return Object.keys(s).length ? s : undefined;
}

/**
 * Parses a wire recurrence object into the domain form. Throws BadRequest naming the field
 * (`recurrence.frequency: …`). `field` prefixes the names (default `recurrence`).
 */
export function parseRecurrence(value: unknown, field = 'recurrence'): Recurrence {
  if (!isObject(value)) throw badRequest(`${field}: must be an object`);
  const m = members(value);
  const freqRaw = m.get('frequency');
  if (freqRaw === undefined) throw badRequest(`${field}.frequency: is required`);
  if (typeof freqRaw === 'string' && freqRaw.toLowerCase() === 'year') {
    throw badRequest(`${field}.frequency: 'year' is not supported (minute, hour, day, week or month)`);
  }
  const frequency = enumValue(freqRaw, FREQUENCIES, `${field}.frequency`);
  const intervalRaw = m.get('interval');
  const interval = intervalRaw === undefined ? 1 : integer(intervalRaw, `${field}.interval`);
  const countRaw = m.get('count');
  const tzRaw = m.get('timezone');
  if (tzRaw !== undefined && typeof tzRaw !== 'string')
    throw badRequest(`${field}.timeZone: must be a string`);
  const endRaw = m.get('endtime');
  const schedRaw = m.get('schedule');
  const r: { -readonly [K in keyof Recurrence]: Recurrence[K] } = { frequency, interval };
  if (countRaw !== undefined) r.count = integer(countRaw, `${field}.count`);
  if (endRaw !== undefined) {
    const endField = `${field}.endTime`;
    r.endTime = toPreciseTime(parseDateTime(endRaw, endField), tzRaw, `${field}.timeZone`, endField);
  }
  if (schedRaw !== undefined) {
    const schedule = parseSchedule(schedRaw, `${field}.schedule`);
    if (schedule) r.schedule = schedule;
  }
  if (tzRaw !== undefined) r.timeZone = tzRaw;
  return r;
}

/** The wire schedule object (member order of docs/reference/classic-operations.md §6.7; arrays always). */
export interface WireSchedule {
  minutes?: number[];
  hours?: number[];
  weekDays?: string[];
  months?: number[];
  monthDays?: number[];
  monthlyOccurrences?: { day: string; occurrence?: number }[];
}

export interface WireRecurrence {
  frequency: string;
  interval: number;
  count?: number;
  endTime?: string;
  schedule?: WireSchedule;
  timeZone?: string;
}

/** Formats a domain recurrence for the wire: order frequency, interval, count, endTime, schedule, timeZone. */
export function formatRecurrence(r: Recurrence): WireRecurrence {
  const out: WireRecurrence = { frequency: r.frequency, interval: r.interval };
  if (r.count !== undefined) out.count = r.count;
  if (r.endTime !== undefined) out.endTime = formatDateTime(r.endTime);
  const s = r.schedule;
  if (s) {
    const ws: WireSchedule = {};
    if (s.minutes?.length) ws.minutes = [...s.minutes];
    if (s.hours?.length) ws.hours = [...s.hours];
    if (s.weekDays?.length) ws.weekDays = [...s.weekDays];
    if (s.months?.length) ws.months = [...s.months];
    if (s.monthDays?.length) ws.monthDays = [...s.monthDays];
    if (s.monthlyOccurrences?.length) {
      ws.monthlyOccurrences = s.monthlyOccurrences.map((o) =>
        o.occurrence === undefined ? { day: o.day } : { day: o.day, occurrence: o.occurrence },
      );
    }
    if (Object.keys(ws).length) out.schedule = ws;
  }
  if (r.timeZone !== undefined) out.timeZone = r.timeZone;
  return out;
}
