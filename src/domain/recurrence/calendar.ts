/**
 * Proleptic Gregorian calendar arithmetic on integer day numbers (days since 1970-01-01).
 * Hand-written instead of `Date` because the recurrence hot path calls these millions of times
 * and `Date` objects allocate; the algorithms are Howard Hinnant's `days_from_civil`/`civil_from_days`.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Day number of a calendar date (month 1..12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Packs year, month and day of a day number into one integer (year << 9 | month << 5 | day) so the
 * hot path avoids allocating an object. Use `packedYear`/`packedMonth`/`packedDay` to unpack.
 */
export function civil(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return (year << 9) | (month << 5) | day;
}

export const packedYear = (p: number): number => p >> 9;
export const packedMonth = (p: number): number => (p >> 5) & 15;
export const packedDay = (p: number): number => p & 31;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

/** ISO weekday index of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

/** Index of the ISO (Monday-based) week containing a day number; consecutive weeks differ by 1. */
export function weekIndex(days: number): number {
  return Math.floor((days + 3) / 7);
}

/** Absolute month index (year × 12 + month − 1), so month arithmetic is integer addition. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Non-negative remainder. */
export function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

/**
 * Adds calendar months to a date, clamping the day to the target month's last day
 * (Jan 31 + 1 month = Feb 28/29). Returns a day number.
 */
export function addMonthsClamped(year: number, month: number, day: number, months: number): number {
  const mi = monthIndex(year, month) + months;
  const y = Math.floor(mi / 12);
  const m = mi - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}
