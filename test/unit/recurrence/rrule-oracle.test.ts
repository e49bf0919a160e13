// An independent oracle for the UTC subset: each random recurrence is mapped onto RFC 5545 rules
// with the `rrule` package and the first occurrences are compared. The mapping absorbs the
// legitimate differences (docs/recurrence.md, "rrule mapping"):
// - the default day of month is clamped to the month's end (Azure) where RFC 5545 skips months
//   without that day: one day → BYMONTHDAY=28..d with BYSETPOS=-1; with several times a day the
//   rule is split by month length (months that always have day d, and the others at day -1);
// - schedule slots are at second 0 (BYSECOND=0), RFC would keep DTSTART's second;
// - a job without start time runs at save time first, and past grid points are skipped: RFC knows
//   neither, so the series compared here has a start time at or after the save time (= DTSTART);
// - RFC 5545 works in whole seconds, so the anchors here have no milliseconds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as rrulePkg from 'rrule';
import type { Options, Weekday } from 'rrule';
import {
  preview,
  WEEK_DAYS,
  type Recurrence,
  type SeriesDefinition,
} from '../../../src/domain/recurrence/index.js';
import { endOffsetMs, instant, recurrence } from './arbitraries.js';

type Pkg = typeof rrulePkg;
// rrule ships a UMD bundle as its CommonJS entry: under Node's ESM loader the API is the default export.
const { RRule } = (rrulePkg as unknown as { default?: Pkg }).default ?? rrulePkg;

const SEED = 5_545;
const K = 12;
const DAY = 86_400_000;
const WINDOW = 3 * 366 * DAY;
const RR_DAYS: readonly Weekday[] = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const FREQ = {
  minute: RRule.MINUTELY,
  hour: RRule.HOURLY,
  day: RRule.DAILY,
  week: RRule.WEEKLY,
  month: RRule.MONTHLY,
} as const;
/** Months that have day d in every year. */
const monthsWithDay = (d: number): number[] =>
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter(
    (m) => (m === 2 ? 28 : [4, 6, 9, 11].includes(m) ? 30 : 31) >= d,
  );

/** rrule.js expects its BYxxx lists sorted (RFC 5545 does not care; the wire keeps the order given). */
const sorted = (xs: readonly number[]): number[] => [...xs].sort((x, y) => x - y);

/** The RFC 5545 rules whose union is the recurrence's pattern from `anchor` (UTC only). */
function toRules(r: Recurrence, anchor: number): Partial<Options>[] {
  const a = new Date(anchor);
  const base: Partial<Options> = {
    freq: FREQ[r.frequency],
    interval: r.interval,
    dtstart: a,
    wkst: RRule.MO,
    ...(r.endTime ? { until: new Date(r.endTime.ms) } : {}),
  };
  const s = r.schedule;
  const aDay = a.getUTCDate();
  if (!s) {
    if (r.frequency !== 'month' || aDay <= 28) return [base];
    return [{ ...base, bymonthday: Array.from({ length: aDay - 27 }, (_, i) => 28 + i), bysetpos: [-1] }];
  }
  const timed: Partial<Options> = {
    ...base,
    bysecond: [0],
    byminute: sorted(s.minutes ?? [a.getUTCMinutes()]),
    ...(s.hours ? { byhour: sorted(s.hours) } : r.frequency === 'hour' ? {} : { byhour: [a.getUTCHours()] }),
    ...(s.months ? { bymonth: sorted(s.months) } : {}),
  };
  if (r.frequency === 'week') {
    const days = s.weekDays ?? [WEEK_DAYS[(a.getUTCDay() + 6) % 7] ?? 'monday'];
    return [{ ...timed, byweekday: days.map((d) => RR_DAYS[WEEK_DAYS.indexOf(d)] ?? RRule.MO) }];
  }
  if (r.frequency !== 'month') return [timed];
  if (s.monthDays) return [{ ...timed, bymonthday: sorted(s.monthDays) }];
  if (s.monthlyOccurrences) {
    // RFC 5545 reads BYDAY=MO,-5TU as a union; rrule.js intersects plain and nth weekdays, so they
    // become two rules. "Every Monday" already holds "the 5th-last Monday", which is dropped.
    const every = s.monthlyOccurrences.filter((o) => o.occurrence === undefined).map((o) => o.day);
    const nth = s.monthlyOccurrences.filter((o) => o.occurrence !== undefined && !every.includes(o.day));
    const day = (d: (typeof WEEK_DAYS)[number]): Weekday => RR_DAYS[WEEK_DAYS.indexOf(d)] ?? RRule.MO;
    return [
      ...(every.length ? [{ ...timed, byweekday: every.map(day) }] : []),
      ...(nth.length ? [{ ...timed, byweekday: nth.map((o) => day(o.day).nth(o.occurrence ?? 1)) }] : []),
    ];
  }
  if (aDay <= 28) return [{ ...timed, bymonthday: [aDay] }];
  // Clamp to the month's end: months that always have the day use it, the others their last day.
  const allowed = sorted(s.months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const full = monthsWithDay(aDay).filter((m) => allowed.includes(m));
  const short = allowed.filter((m) => !full.includes(m));
  return [
    ...(full.length ? [{ ...timed, bymonth: full, bymonthday: [aDay] }] : []),
    ...(short.length ? [{ ...timed, bymonth: short, bymonthday: [-1] }] : []),
  ];
}

/** The values `start + k × step (mod size)` takes for k ≥ 0. */
function orbit(start: number, step: number, size: number): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < size; k++) out.add((start + k * step) % size);
  return out;
}

/** Longest length of a month (1..12) in any year. */
const maxMonthLength = (m: number): number => (m === 2 ? 29 : [4, 6, 9, 11].includes(m) ? 30 : 31);

/**
 * False when a rule provably yields nothing, so rrule must not be asked: rrule.js searches such a
 * rule until the year 9999 (seconds per call for MONTHLY) or, for HOURLY with an unreachable
 * BYHOUR, loops forever inside `DateTime.addHours` — which once hung this file for 300 s (most
 * likely while fast-check was shrinking a failure, calling the oracle over and over). The checks
 * are plain modular arithmetic on the rule alone, never on Takt's answer, so the comparison stays
 * independent: when they say "nothing", Takt must produce nothing too.
 */
function canFire(o: Partial<Options>): boolean {
  const start = o.dtstart ?? new Date(0);
  const interval = o.interval ?? 1;
  const list = (x: number | number[] | null | undefined): number[] | undefined =>
    x === undefined || x === null ? undefined : Array.isArray(x) ? x : [x];
  const byhour = list(o.byhour);
  if (o.freq === RRule.HOURLY && byhour) {
    const hours = orbit(start.getUTCHours(), interval, 24);
    if (!byhour.some((h) => hours.has(h))) return false;
  }
  if (o.freq === RRule.MONTHLY) {
    const reachable = [...orbit(start.getUTCMonth(), interval, 12)].map((m) => m + 1);
    const bymonth = list(o.bymonth);
    const months = bymonth ? reachable.filter((m) => bymonth.includes(m)) : reachable;
    if (months.length === 0) return false;
    const days = list(o.bymonthday);
    if (days && !o.bysetpos && !days.some((d) => months.some((m) => Math.abs(d) <= maxMonthLength(m))))
      return false;
  }
  return true;
}

/**
 * The oracle's first occurrences in [anchor, anchor + WINDOW], `count` applied to the union (each
 * rule's first K, merged: the union's first K are among them).
 */
function oracle(r: Recurrence, anchor: number): number[] {
  const all = new Set<number>();
  for (const o of toRules(r, anchor).filter(canFire)) {
    for (const d of new RRule(o).between(new Date(anchor), new Date(anchor + WINDOW), true, (_d, i) => i < K))
      all.add(d.getTime());
  }
  return [...all].sort((x, y) => x - y).slice(0, Math.min(K, r.count ?? K));
}

const caseArb = fc
  .record({
    r: recurrence({ zones: [undefined], monthsFilter: true, endings: true }),
    nowSeconds: instant().map((t) => Math.floor(t / 1000) * 1000),
    ahead: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 60 * DAY }).map((x) => Math.floor(x / 1000) * 1000),
    ),
    endOffset: endOffsetMs(),
  })
  .map(({ r, nowSeconds, ahead, endOffset }) => {
    const start = nowSeconds + ahead;
    const rec: Recurrence = endOffset === null ? r : { ...r, endTime: { ms: start + endOffset, ticks: 0 } };
    const def: SeriesDefinition = { startTime: { ms: start, ticks: 0 }, recurrence: rec };
    return { def, rec, now: nowSeconds, start };
  });

describe('rrule (RFC 5545) oracle, UTC', () => {
  test('the first occurrences agree with rrule over many random recurrences', () => {
    fc.assert(
      fc.property(caseArb, ({ def, rec, now, start }) => {
        const actual = preview(def, now, K).filter((t) => t <= start + WINDOW);
        const expected = oracle(rec, start);
        assert.deepEqual(
          actual.map((t) => new Date(t).toISOString()),
          expected.map((t) => new Date(t).toISOString()),
          JSON.stringify(def),
        );
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  test('rules that can never fire are answered without asking rrule, and Takt agrees', () => {
    const start = Date.UTC(2026, 1, 10, 4, 30, 0); // a Tuesday in February, 04:30
    const def = (recurrence: Recurrence): SeriesDefinition => ({
      startTime: { ms: start, ticks: 0 },
      recurrence,
    });
    const never: Recurrence[] = [
      // Even hours only (04, 06, …): rrule.js would loop forever in DateTime.addHours.
      { frequency: 'hour', interval: 2, schedule: { hours: [3, 5], minutes: [0] } },
      // Every other month from February never reaches March.
      { frequency: 'month', interval: 2, schedule: { months: [3], minutes: [0] } },
      // February never has a 30th or a 30th-last day.
      { frequency: 'month', interval: 1, schedule: { months: [2], monthDays: [30, -30] } },
      // Yearly from February: only February.
      { frequency: 'month', interval: 12, schedule: { monthDays: [31] } },
    ];
    for (const r of never) {
      assert.deepEqual(oracle(r, start), [], JSON.stringify(r));
      assert.deepEqual(preview(def(r), start, K), [], JSON.stringify(r));
    }
    // The checks are not too eager: one reachable value is enough.
    const some: Recurrence[] = [
      { frequency: 'hour', interval: 2, schedule: { hours: [3, 6], minutes: [0] } },
      { frequency: 'month', interval: 2, schedule: { months: [3, 4], minutes: [0] } },
      { frequency: 'month', interval: 1, schedule: { months: [2], monthDays: [30, -28] } },
    ];
    for (const r of some) {
      const expected = oracle(r, start);
      assert.ok(expected.length > 0, JSON.stringify(r));
      assert.deepEqual(preview(def(r), start, K).slice(0, expected.length), expected, JSON.stringify(r));
    }
  });

  test('the mapping itself: clamped month ends and fifth weekdays', () => {
    const jan31 = Date.UTC(2026, 0, 31, 9, 0, 0);
    const monthly: Recurrence = { frequency: 'month', interval: 1, count: 4 };
    assert.deepEqual(
      oracle(monthly, jan31).map((t) => new Date(t).toISOString().slice(0, 10)),
      ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'],
    );
    const twice: Recurrence = {
      frequency: 'month',
      interval: 1,
      count: 4,
      schedule: { hours: [6, 18], minutes: [0] },
    };
    assert.deepEqual(
      oracle(twice, jan31).map((t) => new Date(t).toISOString().slice(0, 13)),
      ['2026-01-31T18', '2026-02-28T06', '2026-02-28T18', '2026-03-31T06'],
    );
    const fifthFriday: Recurrence = {
      frequency: 'month',
      interval: 1,
      count: 2,
      schedule: { monthlyOccurrences: [{ day: 'friday', occurrence: 5 }] },
    };
    assert.deepEqual(
      oracle(fifthFriday, Date.UTC(2026, 2, 4, 10, 20)).map((t) => new Date(t).toISOString()),
      ['2026-05-29T10:20:00.000Z', '2026-07-31T10:20:00.000Z'],
    );
  });
});
