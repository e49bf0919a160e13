/**
 * Durations on the wire (docs/reference/classic-operations.md §6.1): `retryInterval` and Service Bus `timeToLive`.
 *
 * In:  ISO 8601 (`PT30S`, `PT1M`, `P1DT2H`, `P1W`; no year or month parts, which have no fixed
 *      length) — what the Node SDK sends — or a .NET TimeSpan `[-][d.]hh:mm[:ss[.f{1,7}]]` — what
 *      .NET sends.
 * Out: .NET TimeSpan "c" format `[-][d.]hh:mm:ss[.fffffff]`, because .NET reads responses with
 *      `TimeSpan.Parse` (an ISO value would break it) and moment.duration reads it too.
 */
import { badRequest } from '../domain/errors.js';
import type { Ticks } from '../domain/time.js';
import { clip } from '../domain/clip.js';

export const TICKS_PER_SECOND = 10_000_000;
const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

const TIMESPAN = /^(-)?(?:(\d{1,8})\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;
// Each part: digits with an optional fraction (ISO allows `.` or `,`); only the last part may carry one.
const ISO =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
const ISO_YEAR_OR_MONTH = /^-?P(?:\d+(?:[.,]\d+)?[YM])/i;

/** Parses either form into ticks; throws BadRequest naming `field`. Negative values are returned as such. */
export function parseDuration(text: unknown, field: string): Ticks {
  if (typeof text !== 'string') {
    throw badRequest(
      `${field}: must be a duration string (ISO 8601 such as PT30S, or a TimeSpan such as 00:00:30)`,
    );
  }
  const value = text.trim();
  const ticks = /^-?P/i.test(value) ? parseIso(value, field) : parseTimeSpan(value, field);
  if (!Number.isSafeInteger(ticks)) throw badRequest(`${field}: the duration '${clip(text)}' is too large`);
  return ticks;
}

function parseTimeSpan(value: string, field: string): Ticks {
  const m = TIMESPAN.exec(value);
  if (!m) throw invalid(value, field);
  const [, sign, d, h, min, s, f] = m;
  const hours = Number(h);
  const minutes = Number(min);
  const seconds = Number(s ?? 0);
  // Same ranges as .NET's TimeSpan.Parse.
  if (hours > 23 || minutes > 59 || seconds > 59) throw invalid(value, field);
  const ticks =
    Number(d ?? 0) * TICKS_PER_DAY +
    hours * TICKS_PER_HOUR +
    minutes * TICKS_PER_MINUTE +
    seconds * TICKS_PER_SECOND +
    Number((f ?? '').padEnd(7, '0'));
  return sign ? -ticks : ticks;
}

function parseIso(value: string, field: string): Ticks {
  if (ISO_YEAR_OR_MONTH.test(value)) {
    throw badRequest(
      `${field}: years and months are not allowed in a duration (they have no fixed length), got '${clip(value)}'`,
    );
  }
  const m = ISO.exec(value);
  if (!m || m.slice(2).every((p) => p === undefined) || /T$/i.test(value)) throw invalid(value, field);
  const parts = m.slice(2);
  const units = [
    7n * BigInt(TICKS_PER_DAY),
    BigInt(TICKS_PER_DAY),
    BigInt(TICKS_PER_HOUR),
    BigInt(TICKS_PER_MINUTE),
    BigInt(TICKS_PER_SECOND),
  ];
  const lastGiven = parts.reduce((last, p, i) => (p === undefined ? last : i), -1);
  let total = 0n;
  parts.forEach((part, i) => {
    if (part === undefined) return;
    const [whole = '0', fraction = ''] = part.split(/[.,]/);
    if (fraction !== '' && i !== lastGiven)
      throw badRequest(
        `${field}: only the last part of an ISO 8601 duration may have a fraction, got '${clip(value)}'`,
      );
    const unit = units[i] ?? 0n;
    total += BigInt(whole) * unit;
    // Truncate below one tick, like the date-time fractions.
    if (fraction !== '') total += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
  });
  if (total > BigInt(Number.MAX_SAFE_INTEGER))
    throw badRequest(`${field}: the duration '${clip(value)}' is too large`);
  return m[1] ? -Number(total) : Number(total);
}

function invalid(value: string, field: string): Error {
  return badRequest(
    `${field}: '${clip(value)}' is not a duration (ISO 8601 such as PT30S or P1DT2H, or a TimeSpan such as 00:00:30 or 1.02:00:00)`,
  );
}

/** .NET TimeSpan "c" format: `00:00:30`, `1.00:00:00`, `00:00:00.5000000`, `-00:01:00`. */
export function formatTimeSpan(ticks: Ticks): string {
  const sign = ticks < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ticks));
  const days = Math.floor(rest / TICKS_PER_DAY);
  rest -= days * TICKS_PER_DAY;
  const hours = Math.floor(rest / TICKS_PER_HOUR);
  rest -= hours * TICKS_PER_HOUR;
  const minutes = Math.floor(rest / TICKS_PER_MINUTE);
  rest -= minutes * TICKS_PER_MINUTE;
  const seconds = Math.floor(rest / TICKS_PER_SECOND);
  const fraction = rest - seconds * TICKS_PER_SECOND;
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${sign}${days > 0 ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}` +
    (fraction > 0 ? `.${String(fraction).padStart(7, '0')}` : '')
  );
}
