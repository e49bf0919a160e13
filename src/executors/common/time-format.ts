import type { EpochMs } from '../../domain/time.js';

/** `2026-03-02T02:00:00` — UTC, no zone designator, fraction only when non-zero (trailing zeros trimmed, as .NET's `FFFFFFF`). */
export function isoUtcNoZone(ms: EpochMs): string {
  const iso = new Date(ms).toISOString(); // 2026-03-02T02:00:00.000Z
  const [whole = '', fraction = ''] = iso.slice(0, -1).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}` : whole;
}

/** `2026-03-02T02:00:00Z` — as isoUtcNoZone, with `Z`. */
export function isoUtc(ms: EpochMs): string {
  return `${isoUtcNoZone(ms)}Z`;
}

/** RFC 1123: `Mon, 02 Mar 2026 02:00:00 GMT`. */
export function rfc1123(ms: EpochMs): string {
  return new Date(ms).toUTCString();
}
