// An independent reading of docs/reference/scheduling-rules.md §4.4/§4.5 for the property tests: does an instant
// match a recurrence's grid or schedule on the zone's wall clock? Wall clocks come straight from Intl (one
// call per 15-minute block: every zone's transitions since 1970 lie on quarter hours), calendar fields from
// Date's UTC getters — none of the module's own calendar or zone code.
import type { Recurrence } from '../../../src/domain/recurrence/index.js';

const DAY = 86_400_000;
const QUARTER = 900_000;
/** Test-side Windows → IANA names, spelled out so the module's table is not used to check itself. */
const WINDOWS: Record<string, string> = {
  'Pacific Standard Time': 'America/Los_Angeles',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** Offset (local − UTC, ms) at an instant in an IANA or Windows zone (undefined = UTC). */
export function offsetAt(zone: string | undefined, t: number): number {
  if (zone === undefined) return 0;
  const iana = WINDOWS[zone] ?? zone;
  const block = Math.floor(t / QUARTER) * QUARTER;
  const key = `${iana}@${block}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  let f = formats.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(iana, f);
  }
  const p = Object.fromEntries(f.formatToParts(block).map((x) => [x.type, Number(x.value)]));
  const off = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second) - block;
  if (offsets.size > 500_000) offsets.clear();
  offsets.set(key, off);
  return off;
}

export const wallOf = (zone: string | undefined, t: number): number => t + offsetAt(zone, t);

interface Fields {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly secMs: number;
  /** 0 = Monday … 6 = Sunday. */
  readonly wd: number;
  readonly dayIdx: number;
  readonly dim: number;
  readonly timeOfDay: number;
}

function fields(w: number): Fields {
  const x = new Date(w);
  const y = x.getUTCFullYear();
  const mo = x.getUTCMonth() + 1;
  return {
    y,
    mo,
    d: x.getUTCDate(),
    h: x.getUTCHours(),
    mi: x.getUTCMinutes(),
    secMs: x.getUTCSeconds() * 1000 + x.getUTCMilliseconds(),
    wd: (x.getUTCDay() + 6) % 7,
    dayIdx: Math.floor(w / DAY),
    dim: new Date(Date.UTC(y, mo, 0)).getUTCDate(),
    timeOfDay: w - Math.floor(w / DAY) * DAY,
  };
}

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const mod = (a: number, b: number): number => ((a % b) + b) % b;
/** Monday-based week number: 1970-01-05 was a Monday (day 4). */
const weekIdx = (dayIdx: number): number => Math.floor((dayIdx - 4) / 7);

/** Does wall time `w` carry a slot of `r`'s schedule, for an anchor whose wall time is `aw`? */
export function matchesSchedule(r: Recurrence, aw: number, w: number): boolean {
  const s = r.schedule ?? {};
  const a = fields(aw);
  const f = fields(w);
  if (f.secMs !== 0) return false;
  if (!(s.minutes ?? [a.mi]).includes(f.mi)) return false;
  if (s.months && !s.months.includes(f.mo)) return false;
  if (r.frequency === 'hour') {
    if (s.hours && !s.hours.includes(f.h)) return false;
    return mod(Math.floor(w / 3_600_000) - Math.floor(aw / 3_600_000), r.interval) === 0;
  }
  if (!(s.hours ?? [a.h]).includes(f.h)) return false;
  switch (r.frequency) {
    case 'day':
      return mod(f.dayIdx - a.dayIdx, r.interval) === 0;
    case 'week':
      return (
        (s.weekDays ?? [DAY_NAMES[a.wd]]).includes(DAY_NAMES[f.wd] as never) &&
        mod(weekIdx(f.dayIdx) - weekIdx(a.dayIdx), r.interval) === 0
      );
    case 'month': {
      if (mod(f.y * 12 + f.mo - (a.y * 12 + a.mo), r.interval) !== 0) return false;
      if (s.monthDays) return s.monthDays.some((n) => (n > 0 ? n : f.dim + 1 + n) === f.d);
      if (s.monthlyOccurrences) {
        return s.monthlyOccurrences.some(
          (o) =>
            o.day === DAY_NAMES[f.wd] &&
            (o.occurrence === undefined ||
              (o.occurrence > 0
                ? Math.ceil(f.d / 7) === o.occurrence
                : Math.floor((f.dim - f.d) / 7) + 1 === -o.occurrence)),
        );
      }
      return f.d === Math.min(a.d, f.dim);
    }
    default:
      return false;
  }
}

/** Is instant `t` (wall `w`) on the anchored grid of a schedule-less `r` (anchor `anchor`, wall `aw`)? */
export function matchesGrid(r: Recurrence, anchor: number, aw: number, t: number, w: number): boolean {
  if (r.frequency === 'minute' || r.frequency === 'hour') {
    return mod(t - anchor, r.interval * (r.frequency === 'minute' ? 60_000 : 3_600_000)) === 0;
  }
  const a = fields(aw);
  const f = fields(w);
  if (f.timeOfDay !== a.timeOfDay) return false;
  if (r.frequency === 'day') return mod(f.dayIdx - a.dayIdx, r.interval) === 0;
  if (r.frequency === 'week') return mod(f.dayIdx - a.dayIdx, 7 * r.interval) === 0;
  return mod(f.y * 12 + f.mo - (a.y * 12 + a.mo), r.interval) === 0 && f.d === Math.min(a.d, f.dim);
}

/**
 * Does instant `t` carry an occurrence of `r`? Its wall time must match — or, right after a DST
 * gap, the wall time under the offset before the gap must (the slot moved forward by the gap).
 */
export function isOccurrence(r: Recurrence, anchor: number, t: number): boolean {
  const z = r.timeZone;
  const aw = wallOf(z, anchor);
  const before = offsetAt(z, t - 2 * 3_600_000);
  const walls = before < offsetAt(z, t) ? [wallOf(z, t), t + before] : [wallOf(z, t)];
  const hasSchedule = r.schedule !== undefined;
  return walls.some((w) => (hasSchedule ? matchesSchedule(r, aw, w) : matchesGrid(r, anchor, aw, t, w)));
}

/** Is `t` the second instance of a wall time repeated by a DST overlap (never an occurrence)? */
export function isRepeatedWallTime(zone: string | undefined, t: number): boolean {
  const fall = offsetAt(zone, t - 2 * 3_600_000) - offsetAt(zone, t);
  return fall > 0 && wallOf(zone, t - fall) === wallOf(zone, t);
}
