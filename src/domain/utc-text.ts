import { civil, MS_PER_DAY, packedDay, packedMonth, packedYear } from './recurrence/calendar.js';
import type { EpochMs } from './time.js';

/** `00` … `99`. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** 9999-12-31T23:59:59.999Z: beyond it `Date` writes a six-digit year with a sign. */
const MAX_FOUR_DIGIT_MS = 253_402_300_799_999;

/**
 * `YYYY-MM-DDTHH:mm:ss` of an instant in UTC, whole seconds (the milliseconds are dropped):
 * the head of `Date.prototype.toISOString()`, computed with the calendar arithmetic of the
 * recurrence code instead of a `Date` (a quarter of its cost; every API answer with a job and
 * every HTTP attempt's tracking headers format a few). Instants before 1970 or after year 9999
 * take `Date`'s own form.
 */
export function utcSecondText(ms: EpochMs): string {
  if (!(ms >= 0 && ms <= MAX_FOUR_DIGIT_MS)) {
    const iso = new Date(ms).toISOString();
    return iso.slice(0, iso.length - 5);
  }
  const days = Math.floor(ms / MS_PER_DAY);
  const date = civil(days);
  const year = packedYear(date);
  let seconds = Math.floor((ms - days * MS_PER_DAY) / 1000);
  const hour = Math.floor(seconds / 3600);
  seconds -= hour * 3600;
  const minute = Math.floor(seconds / 60);
  seconds -= minute * 60;
  const two = TWO_DIGITS;
  return `${two[Math.floor(year / 100)]}${two[year % 100]}-${two[packedMonth(date)]}-${two[packedDay(date)]}T${two[hour]}:${two[minute]}:${two[seconds]}`;
}
