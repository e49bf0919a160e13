import type { EpochMs } from '../../domain/time.js';

/** `2026-03-02T02:00:00` — UTC, no zone designator, fraction only when non-zero (trailing zeros trimmed, as .NET's `FFFFFFF`). */
export function isoUtcNoZone(ms: EpochMs): string {
  // toISOString always ends in `.mmmZ` (also for years past 9999, which get a longer prefix).
  // Sliced rather than split and matched: this runs for every HTTP attempt (tracking headers).
  const iso = new Date(ms).toISOString();
  const dot = iso.length - 5;
  let end = dot + 4;
  while (end > dot + 1 && iso.charCodeAt(end - 1) === ZERO) end--;
  return iso.slice(0, end === dot + 1 ? dot : end);
}

const ZERO = 48; // '0'

/** `2026-03-02T02:00:00Z` — as isoUtcNoZone, with `Z`. */
export function isoUtc(ms: EpochMs): string {
  return `${isoUtcNoZone(ms)}Z`;
}

/** RFC 1123: `Mon, 02 Mar 2026 02:00:00 GMT`. */
export function rfc1123(ms: EpochMs): string {
  return new Date(ms).toUTCString();
}
