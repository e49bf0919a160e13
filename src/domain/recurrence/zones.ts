/**
 * Time-zone rules for recurrence math (docs/reference/scheduling-rules.md §4.7), built on the ICU data in `Intl`.
 *
 * `Intl.DateTimeFormat#formatToParts` costs microseconds, far too slow for the hot path, so each
 * zone caches its UTC offset per UTC day: the offset at the day's start, and — when the day holds a
 * transition — the exact transition second (found once by bisection) and the offset after it.
 * A lookup is then one Map access. (Assumes at most one transition per UTC day, true of every zone
 * in tzdata since 1970.)
 */
import { daysFromCivil, MS_PER_DAY } from './calendar.js';
import { windowsToIana } from './windows-to-iana.js';
/** Cache entries per zone before the cache is dropped and rebuilt (bounds memory). */
const MAX_CACHED_DAYS = 200_000;

export interface Zone {
  /** The IANA name used for the math (Windows names are mapped). */
  readonly id: string;
  readonly isUtc: boolean;
  /** Offset (ms, local − UTC) in force at a UTC instant. */
  offsetAt(utc: number): number;
  /** Local wall-clock time of an instant, as epoch-ms-shaped "wall ms". */
  toWall(utc: number): number;
  /**
   * The instant of a wall-clock time. A time inside a DST gap is shifted forward by the gap
   * (02:30 on a spring-forward day with a 1 h gap → 03:30 local); a time inside an overlap is
   * the first (earlier) instance.
   */
  toInstant(wall: number): number;
}

export const UTC_ZONE: Zone = {
  id: 'UTC',
  isUtc: true,
  offsetAt: () => 0,
  toWall: (utc) => utc,
  toInstant: (wall) => wall,
};

interface DayEntry {
  readonly before: number;
  /** First instant of the new offset; Infinity when the day has no transition. */
  readonly transition: number;
  readonly after: number;
}

class IntlZone implements Zone {
  readonly isUtc = false;
  private readonly format: Intl.DateTimeFormat;
  private days = new Map<number, DayEntry>();

  constructor(readonly id: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short', // years before 1 AD are written "1 BC", "2 BC", …
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetAt(utc: number): number {
    const day = Math.floor(utc / MS_PER_DAY);
    const e = this.days.get(day) ?? this.fill(day);
    return utc < e.transition ? e.before : e.after;
  }

  toWall(utc: number): number {
    return utc + this.offsetAt(utc);
  }

  toInstant(wall: number): number {
    const before = this.offsetAt(wall - MS_PER_DAY);
    const after = this.offsetAt(wall + MS_PER_DAY);
    const early = wall - before;
    const earlyOk = this.offsetAt(early) === before;
    if (before === after) {
      if (earlyOk) return early;
    } else {
      const late = wall - after;
      const lateOk = this.offsetAt(late) === after;
      if (earlyOk && lateOk) return Math.min(early, late); // overlap: the first instance
      if (earlyOk) return early;
      if (lateOk) return late;
    }
    // Gap: neither offset gives this wall time; `wall - before` lands `gap` later on the wall clock.
    return early;
  }

  /** Offset by asking ICU (slow; only used to fill the cache). Whole seconds: tzdata offsets are. */
  private intlOffset(utc: number): number {
    const secondStart = Math.floor(utc / 1000) * 1000;
    let y = 0;
    let mo = 1;
    let d = 1;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const part of this.format.formatToParts(secondStart)) {
      switch (part.type) {
        case 'year':
          y = Number(part.value);
          break;
        case 'month':
          mo = Number(part.value);
          break;
        case 'day':
          d = Number(part.value);
          break;
        case 'hour':
          h = Number(part.value);
          break;
        case 'minute':
          mi = Number(part.value);
          break;
        case 'second':
          s = Number(part.value);
          break;
        case 'era':
          bc = part.value === 'BC';
          break;
        default:
          break;
      }
    }
    // Calendar arithmetic, not Date.UTC, which reads years 0–99 as 1900–1999.
    const wall = daysFromCivil(bc ? 1 - y : y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
    return wall - secondStart;
  }

  private fill(day: number): DayEntry {
    if (this.days.size >= MAX_CACHED_DAYS) this.days = new Map();
    const start = day * MS_PER_DAY;
    const lastSecond = start + MS_PER_DAY - 1000;
    const before = this.intlOffset(start);
    const after = this.intlOffset(lastSecond);
    let transition = Infinity;
    if (before !== after) {
      // Bisect on whole seconds for the first second with the new offset.
      let lo = start; // has `before`
      let hi = lastSecond; // has `after`
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.intlOffset(mid) === before) lo = mid;
        else hi = mid;
      }
      transition = hi;
    }
    const entry: DayEntry = { before, transition, after };
    this.days.set(day, entry);
    return entry;
  }
}

const zonesByName = new Map<string, Zone | null>();

function isUtcName(name: string): boolean {
  return /^(utc|etc\/utc|etc\/uct|uct|gmt|etc\/gmt|zulu|etc\/zulu|universal|etc\/universal|greenwich|etc\/greenwich|gmt0|etc\/gmt0|etc\/gmt[+-]0)$/i.test(
    name,
  );
}

function build(name: string): Zone | null {
  const iana = windowsToIana(name) ?? name;
  // Offset strings ("+01:00") are not zone names; newer ICU would otherwise accept them.
  if (!/^[A-Za-z]/.test(iana)) return null;
  if (isUtcName(iana)) return UTC_ZONE;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone;
    if (isUtcName(canonical)) return UTC_ZONE;
    return new IntlZone(canonical);
  } catch {
    return null;
  }
}

/**
 * The zone for a recurrence `timeZone`: absent → UTC; an IANA or Windows name in any case → its
 * rules; anything else → undefined (the caller reports the validation error).
 */
export function resolveZone(name: string | undefined): Zone | undefined {
  if (name === undefined) return UTC_ZONE;
  const key = name.toLowerCase();
  let zone = zonesByName.get(key);
  if (zone === undefined) {
    zone = build(name);
    zonesByName.set(key, zone);
  }
  return zone ?? undefined;
}

/** True when `name` is a known IANA or Windows zone name (case-insensitive). */
export function isKnownTimeZone(name: string): boolean {
  return resolveZone(name) !== undefined;
}
