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
import { utcSecondText } from '../domain/utc-text.js';
import { clip } from '../domain/clip.js';

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

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Parses a wire date-time; throws BadRequest naming `field` when it is not one. */
export function parseDateTime(text: unknown, field: string): ParsedDateTime {
  if (typeof text !== 'string') throw badRequest(`${field}: must be an ISO 8601 date-time string`);
  const m = PATTERN.exec(text.trim());
  const invalid = (): Error => badRequest(`${field}: '${clip(text)}' is not a valid ISO 8601 date-time`);
  if (!m) throw invalid();
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const fraction = (m[7] ?? '').slice(0, 7).padEnd(7, '0');
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalid();
  if (hour > 23 || minute > 59 || second > 59) throw invalid();
  let offsetMinutes: number | undefined;
  if (m[8] !== undefined) offsetMinutes = 0;
  else if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    // .NET's DateTimeOffset allows at most ±14:00.
    if (om > 59 || oh * 60 + om > 14 * 60) throw invalid();
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const fractionTicks = Number(fraction);
  // Two literals, not `{ ...parsed, offsetMinutes }`: see domain/extend.ts for the cost of that.
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
  field = 'date-time',
): PreciseTime {
  const { wall, ticks } = wallOf(p);
  let ms: EpochMs;
  if (p.offsetMinutes !== undefined) ms = wall - p.offsetMinutes * 60_000;
  else {
    const zone = resolveZone(timeZone);
    if (!zone) throw badRequest(`${timeZoneField}: unknown time zone '${clip(timeZone ?? '')}'`);
    ms = zone.toInstant(wall);
  }
  // The written year is 0001–9999, but an offset or a zone can carry the instant past either end:
  // the answer would then write a year .NET's DateTime and Python's datetime cannot read.
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) {
    throw badRequest(`${field}: the instant must fall between ${MIN_TEXT} and ${MAX_TEXT}`);
  }
  return { ms, ticks };
}

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.9999999Z: the range of .NET's DateTime, in UTC. */
const MIN_INSTANT_MS = daysFromCivil(1, 1, 1) * MS_PER_DAY;
const MAX_INSTANT_MS = daysFromCivil(10_000, 1, 1) * MS_PER_DAY - 1;
const MIN_TEXT = '0001-01-01T00:00:00Z';
const MAX_TEXT = '9999-12-31T23:59:59.9999999Z';

/** Parse and resolve in one step. */
export function parsePreciseTime(text: unknown, field: string, timeZone?: string): PreciseTime {
  return toPreciseTime(parseDateTime(text, field), timeZone, 'recurrence.timeZone', field);
}

/** Formats an instant for the wire: `2015-07-01T00:01:54.344507Z`, `2014-01-01T00:00:00Z`. */
export function formatDateTime(t: PreciseTime | EpochMs): string {
  const ms = typeof t === 'number' ? t : t.ms;
  const ticks = typeof t === 'number' ? 0 : t.ticks;
  const fractionTicks = (ms - Math.floor(ms / 1000) * 1000) * TICKS_PER_MS + ticks;
  const head = utcSecondText(ms);
  if (fractionTicks === 0) return `${head}Z`;
  return `${head}.${String(fractionTicks).padStart(7, '0').replace(/0+$/, '')}Z`;
}
