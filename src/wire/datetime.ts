/**
 * Wire date-times (docs/reference/classic-operations.md §6.1).
 *
 * In:  `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm[:ss[.f…]]` with an optional `Z`, `±hh:mm` or `±hhmm`.
 *      More than 7 fraction digits are truncated. Without an offset the value is a wall-clock time:
 *      UTC, or in the recurrence `timeZone` (docs/reference/scheduling-rules.md §4.7) — so parsing keeps the
 *      fields and `toPreciseTime` resolves them once the zone is known.
 * Out: UTC with `Z`; the fraction only when non-zero, trailing zeros removed, at most 7 digits.
 */
import { badRequest } from '../domain/errors.js';
import { daysFromCivil, daysInMonth, resolveZone } from '../domain/recurrence/index.js';
import { TICKS_PER_MS, type EpochMs, type PreciseTime } from '../domain/time.js';
import { clip } from './clip.js';

const MS_PER_DAY = 86_400_000;

/** A parsed wire date-time: the written fields, and the offset when one was written. */
export interface ParsedDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fraction of the second in 100-ns ticks, 0..9_999_999. */
  readonly fractionTicks: number;
  /** Minutes east of UTC (`Z` = 0); undefined when the text had no offset (a wall-clock time). */
  readonly offsetMinutes?: number;
}

/**
 * The grammar above, read character by character: a date-time is parsed once per job write, and
 * this is several times cheaper than the equivalent regular expression (test/unit/recurrence/
 * datetime.test.ts checks the two accept and read the same strings):
 * `^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$`
 */
const ZERO = 48;

/** The `n` ASCII digits at `s[i]…` as a number, or -1 when any is not a digit (or missing). */
function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = s.charCodeAt(k) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

function isDigitAt(s: string, i: number): boolean {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9;
}

/** Parses a wire date-time; throws BadRequest naming `field` when it is not one. */
export function parseDateTime(text: unknown, field: string): ParsedDateTime {
  if (typeof text !== 'string') throw badRequest(`${field}: must be an ISO 8601 date-time string`);
  const parsed = readDateTime(text.trim());
  if (!parsed) throw badRequest(`${field}: '${clip(text)}' is not a valid ISO 8601 date-time`);
  return parsed;
}

/** The fields of `s`, or undefined when it does not follow the grammar or names no real instant. */
function readDateTime(s: string): ParsedDateTime | undefined {
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  if (year < 0 || month < 0 || day < 0 || s[4] !== '-' || s[7] !== '-') return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fractionTicks = 0;
  let offsetMinutes: number | undefined;
  let i = 10;
  if (s.length > i) {
    if (s[i] !== 'T' && s[i] !== 't') return undefined;
    hour = digitsAt(s, 11, 2);
    minute = digitsAt(s, 14, 2);
    if (hour < 0 || minute < 0 || s[13] !== ':') return undefined;
    i = 16;
    if (s[i] === ':') {
      second = digitsAt(s, 17, 2);
      if (second < 0) return undefined;
      i = 19;
      if (s[i] === '.') {
        let j = i + 1;
        while (isDigitAt(s, j)) j++;
        if (j === i + 1) return undefined;
        // More than 7 digits are truncated; fewer are padded: 100-ns ticks.
        fractionTicks = Number(s.slice(i + 1, Math.min(j, i + 8)).padEnd(7, '0'));
        i = j;
      }
    }
    const sign = s[i];
    if (sign === 'Z' || sign === 'z') {
      offsetMinutes = 0;
      i++;
    } else if (sign === '+' || sign === '-') {
      const oh = digitsAt(s, i + 1, 2);
      let j = i + 3;
      if (s[j] === ':') j++;
      const om = digitsAt(s, j, 2);
      // .NET's DateTimeOffset allows at most ±14:00.
      if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60) return undefined;
      offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
      i = j + 2;
    }
    if (i !== s.length) return undefined;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Two literals, not `{ ...fields, offsetMinutes }`: see domain/extend.ts for the cost of that.
  if (offsetMinutes === undefined) return { year, month, day, hour, minute, second, fractionTicks };
  return { year, month, day, hour, minute, second, fractionTicks, offsetMinutes };
}

/** The written fields as epoch-ms-shaped wall time (whole ms) plus the sub-ms ticks. */
function wallOf(p: ParsedDateTime): { wall: number; ticks: number } {
  const msInSecond = Math.floor(p.fractionTicks / TICKS_PER_MS);
  const wall =
    daysFromCivil(p.year, p.month, p.day) * MS_PER_DAY +
    ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 +
    msInSecond;
  return { wall, ticks: p.fractionTicks % TICKS_PER_MS };
}

/**
 * The instant of a parsed date-time. With an offset it is exact; without one it is a wall-clock
 * time in `timeZone` (IANA or Windows name; absent = UTC), resolved like schedule slots (a time in a
 * DST gap moves forward by the gap, an ambiguous one takes the first instance).
 * Throws BadRequest `<timeZoneField>: …` for an unknown zone.
 */
export function toPreciseTime(
  p: ParsedDateTime,
  timeZone?: string,
  timeZoneField = 'recurrence.timeZone',
): PreciseTime {
  const { wall, ticks } = wallOf(p);
  if (p.offsetMinutes !== undefined) return { ms: wall - p.offsetMinutes * 60_000, ticks };
  const zone = resolveZone(timeZone);
  if (!zone) throw badRequest(`${timeZoneField}: unknown time zone '${clip(timeZone ?? '')}'`);
  return { ms: zone.toInstant(wall), ticks };
}

/** Parse and resolve in one step. */
export function parsePreciseTime(text: unknown, field: string, timeZone?: string): PreciseTime {
  return toPreciseTime(parseDateTime(text, field), timeZone);
}

/** Formats an instant for the wire: `2015-07-01T00:01:54.344507Z`, `2014-01-01T00:00:00Z`. */
export function formatDateTime(t: PreciseTime | EpochMs): string {
  const ms = typeof t === 'number' ? t : t.ms;
  const ticks = typeof t === 'number' ? 0 : t.ticks;
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // YYYY-MM-DDTHH:mm:ss.000Z
  const fractionTicks = (ms - Math.floor(ms / 1000) * 1000) * TICKS_PER_MS + ticks;
  const head = iso.slice(0, 19);
  if (fractionTicks === 0) return `${head}Z`;
  return `${head}.${String(fractionTicks).padStart(7, '0').replace(/0+$/, '')}Z`;
}
