import type { EpochMs } from '../../domain/time.js';
import { utcSecondText } from '../../domain/utc-text.js';

/** `2026-03-02T02:00:00` — UTC, no zone designator, fraction only when non-zero (trailing zeros trimmed, as .NET's `FFFFFFF`). */
export function isoUtcNoZone(ms: EpochMs): string {
  // Runs for every HTTP attempt (tracking headers): no Date, no string search.
  const head = utcSecondText(ms);
  let fraction = ms - Math.floor(ms / 1000) * 1000;
  if (fraction === 0) return head;
  let digits = 3;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  return `${head}.${String(fraction).padStart(digits, '0')}`;
}

/** `2026-03-02T02:00:00Z` — as isoUtcNoZone, with `Z`. */
export function isoUtc(ms: EpochMs): string {
  return `${isoUtcNoZone(ms)}Z`;
}

/** RFC 1123: `Mon, 02 Mar 2026 02:00:00 GMT`. */
export function rfc1123(ms: EpochMs): string {
  return new Date(ms).toUTCString();
}
