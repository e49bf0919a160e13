import type { EpochMs } from '../../domain/time.js';

/** `2026-03-02T02:00:00` — UTC, no zone designator, fraction only when non-zero (trailing zeros trimmed, as .NET's `FFFFFFF`). */
export function isoUtcNoZone(ms: EpochMs): string {
  // toISOString always ends in `.mmmZ` (also for years past 9999, which get a longer prefix).
  // Sliced rather than split and matched: this runs for every HTTP attempt (tracking headers).
  const iso = new Date(ms).toISOString();
  const dot = iso.length - 5;
  const whole = iso.slice(0, dot);
  if (iso.charCodeAt(dot + 3) !== ZERO) return iso.slice(0, dot + 4);
  if (iso.charCodeAt(dot + 2) !== ZERO) return iso.slice(0, dot + 3);
  if (iso.charCodeAt(dot + 1) !== ZERO) return iso.slice(0, dot + 2);
  return whole;
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
