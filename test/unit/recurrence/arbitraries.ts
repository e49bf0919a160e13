// fast-check generators for valid recurrences and series, shared by the property and oracle tests.
import fc from 'fast-check';
import type {
  Frequency,
  MonthlyOccurrence,
  Recurrence,
  Schedule,
  WeekDay,
} from '../../../src/domain/recurrence/index.js';
import { WEEK_DAYS } from '../../../src/domain/recurrence/index.js';

export const MAX_INTERVAL: Record<Frequency, number> = {
  minute: 1000,
  hour: 1000,
  day: 548,
  week: 78,
  month: 18,
};

/** 2020-01-01 … 2035-12-31, any millisecond. */
export const instant = (): fc.Arbitrary<number> =>
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) });

/** Mostly small intervals (where patterns are dense enough to compare), sometimes the full range. */
function interval(f: Frequency): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_INTERVAL[f] }) },
  );
}

/** Present in about one case out of `outOf`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, outOf: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: outOf - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const subset = (min: number, max: number, maxLength: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength });

const weekDays = (): fc.Arbitrary<WeekDay[]> =>
  fc.uniqueArray(fc.constantFrom(...WEEK_DAYS), { minLength: 1, maxLength: 7 });

const monthDays = (): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: -31, max: -1 })), {
    minLength: 1,
    maxLength: 4,
  });

const occurrences = (): fc.Arbitrary<MonthlyOccurrence[]> =>
  fc.uniqueArray(
    fc.record(
      { day: fc.constantFrom(...WEEK_DAYS), occurrence: fc.constantFrom(-5, -4, -3, -2, -1, 1, 2, 3, 4, 5) },
      { requiredKeys: ['day'] },
    ),
    { minLength: 1, maxLength: 3, selector: (o) => `${o.day}/${o.occurrence ?? ''}` },
  );

/** A schedule valid for the frequency (never for minute), possibly undefined. */
function schedule(f: Frequency, withMonthsFilter: boolean): fc.Arbitrary<Schedule | undefined> {
  if (f === 'minute') return fc.constant(undefined);
  const days =
    f === 'week'
      ? fc.oneof(fc.constant({}), fc.record({ weekDays: weekDays() }), fc.record({ weekDays: weekDays() }))
      : f === 'month'
        ? fc.oneof(
            fc.constant({}),
            fc.record({ monthDays: monthDays() }),
            fc.record({ monthlyOccurrences: occurrences() }),
          )
        : fc.constant({});
  const base = fc
    .record({
      minutes: sometimes(subset(0, 59, 4), 2),
      // Hour frequency: an hours filter; otherwise the hours of day.
      hours: sometimes(subset(0, 23, f === 'hour' ? 12 : 4), 2),
      months: withMonthsFilter ? sometimes(subset(1, 12, 6), 5) : fc.constant(null),
    })
    .map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null)) as Schedule);
  return fc.option(
    fc.tuple(base, days).map(([b, d]): Schedule | undefined => {
      const s: Schedule = { ...b, ...d };
      return Object.keys(s).length ? s : undefined;
    }),
    { freq: 4 },
  );
}

export interface RecurrenceOptions {
  readonly zones: readonly (string | undefined)[];
  readonly monthsFilter: boolean;
  readonly endings: boolean;
}

/** A valid recurrence (the wire parser's normalized form), without endTime (see `endOffsetMs`). */
export function recurrence(o: RecurrenceOptions): fc.Arbitrary<Recurrence> {
  return fc
    .constantFrom<Frequency>('minute', 'hour', 'day', 'week', 'month')
    .chain((frequency) =>
      fc
        .record({
          interval: interval(frequency),
          schedule: schedule(frequency, o.monthsFilter),
          timeZone: fc.constantFrom(...o.zones),
          count: o.endings ? sometimes(fc.integer({ min: 1, max: 30 }), 4) : fc.constant(null),
        })
        .map((x) => ({ frequency, ...x })),
    )
    .map(({ frequency, interval, schedule, timeZone, count }): Recurrence => ({
      frequency,
      interval,
      ...(schedule ? { schedule } : {}),
      ...(timeZone !== undefined ? { timeZone } : {}),
      ...(count !== null ? { count } : {}),
    }));
}

/** endTime is generated relative to the save time, so it is added by the caller. */
export const endOffsetMs = (): fc.Arbitrary<number | null> =>
  sometimes(fc.integer({ min: 1, max: 400 * 86_400_000 }), 4);
