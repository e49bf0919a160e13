// docs/reference/scheduling-rules.md §4.1 validation rules and §13.4 negative examples (the recurrence-related ones:
// N1, N5, N6, N8; N2–N4, N7, N9 are quota and API rules tested with the API).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../src/domain/errors.js';
import { validateRecurrence } from '../../../src/domain/recurrence/index.js';
import { at, def } from './helpers.js';

const NOW = at('2026-03-04T10:20:30.250Z');

/** Parses the wire shapes and validates them as a create at NOW. */
function validate(recurrence?: Record<string, unknown>, startTime?: string, endTimeWritten = true): void {
  validateRecurrence(def(recurrence, startTime), { now: NOW, endTimeWritten });
}

/** Asserts a 400 BadRequest whose message matches exactly (string) or by pattern. */
function rejects(fn: () => void, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${String(e)}`);
    assert.equal(e.code, 'BadRequest');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('§13.4 negative examples', () => {
  test('N1 week with monthDays → Azure’s own message', () => {
    rejects(
      () => validate({ frequency: 'week', schedule: { monthDays: [1] } }),
      "Cannot set days of month with recurrence unit 'Week'.",
    );
  });
  test('N5 monthDays [0], occurrence 0 or 6', () => {
    rejects(
      () => validate({ frequency: 'month', schedule: { monthDays: [0] } }),
      'recurrence.schedule.monthDays: must be -31..-1 or 1..31, got 0',
    );
    for (const occurrence of [0, 6, -6]) {
      rejects(
        () =>
          validate({ frequency: 'month', schedule: { monthlyOccurrences: [{ day: 'friday', occurrence }] } }),
        `recurrence.schedule.monthlyOccurrences[0].occurrence: must be -5..-1 or 1..5, got ${occurrence}`,
      );
    }
  });
  test('N6 week interval 79 (max 78)', () => {
    rejects(
      () => validate({ frequency: 'week', interval: 79 }),
      'recurrence.interval: must be 1..78 for week, got 79',
    );
    validate({ frequency: 'week', interval: 78 });
  });
  test('N8 startTime 19 months after now (18 is allowed), also for one-time jobs', () => {
    rejects(
      () => validate({ frequency: 'day' }, '2027-10-04T10:20:30Z'),
      /^startTime: must be at most 18 months after now/,
    );
    rejects(
      () => validate(undefined, '2027-10-04T10:20:30Z'),
      /^startTime: must be at most 18 months after now/,
    );
    validate({ frequency: 'day' }, '2027-09-04T10:20:30Z');
    validate(undefined, '2027-09-04T10:20:30Z');
  });
});

describe('§4.1 schema rules', () => {
  test('interval limits per frequency, both ends', () => {
    const max = { minute: 1000, hour: 1000, day: 548, week: 78, month: 18 };
    for (const [frequency, limit] of Object.entries(max)) {
      validate({ frequency, interval: limit });
      validate({ frequency, interval: 1 });
      rejects(
        () => validate({ frequency, interval: limit + 1 }),
        `recurrence.interval: must be 1..${limit} for ${frequency}, got ${limit + 1}`,
      );
      rejects(
        () => validate({ frequency, interval: 0 }),
        `recurrence.interval: must be 1..${limit} for ${frequency}, got 0`,
      );
    }
  });
  test('count 1..2147483647 (an Int32 for the .NET client)', () => {
    for (const count of [0, -3, 2_147_483_648, 1e20]) {
      rejects(
        () => validate({ frequency: 'day', count }),
        `recurrence.count: must be an integer from 1 to 2147483647, got ${count}`,
      );
    }
    validate({ frequency: 'day', count: 1 });
    validate({ frequency: 'day', count: 2_147_483_647 });
  });
  test('endTime must be in the future when written', () => {
    rejects(
      () => validate({ frequency: 'day', endTime: '2026-03-04T10:20:30.250Z' }),
      /^recurrence\.endTime: must be in the future/,
    );
    rejects(
      () => validate({ frequency: 'day', endTime: '2020-01-01T00:00:00Z' }),
      /^recurrence\.endTime: must be in the future/,
    );
    validate({ frequency: 'day', endTime: '2026-03-04T10:20:30.251Z' });
  });
  test('count and endTime together are allowed', () => {
    validate({ frequency: 'day', count: 3, endTime: '2026-04-01T00:00:00Z' });
  });
  test('no schedule with minute frequency', () => {
    rejects(
      () => validate({ frequency: 'minute', schedule: { minutes: [0] } }),
      'recurrence.schedule: not allowed with frequency minute',
    );
    rejects(
      () => validate({ frequency: 'minute', schedule: { hours: [1] } }),
      'recurrence.schedule: not allowed with frequency minute',
    );
    // An empty schedule is no schedule (§4.1).
    validate({ frequency: 'minute', schedule: { minutes: [] } });
  });
  test('weekDays only with week, in Azure’s words with the unit in PascalCase', () => {
    for (const [frequency, unit] of [
      ['day', 'Day'],
      ['hour', 'Hour'],
      ['month', 'Month'],
      ['minute', 'Minute'],
    ]) {
      rejects(
        () => validate({ frequency, schedule: { weekDays: ['monday'] } }),
        `Cannot set days of week with recurrence unit '${unit}'.`,
      );
    }
    validate({ frequency: 'week', schedule: { weekDays: ['monday', 'monday'] } }); // duplicates ignored
  });
  test('monthDays and monthlyOccurrences only with month', () => {
    rejects(
      () => validate({ frequency: 'day', schedule: { monthDays: [1] } }),
      "Cannot set days of month with recurrence unit 'Day'.",
    );
    rejects(
      () => validate({ frequency: 'week', schedule: { monthlyOccurrences: [{ day: 'monday' }] } }),
      "Cannot set monthly occurrences with recurrence unit 'Week'.",
    );
    rejects(
      () =>
        validate({ frequency: 'hour', schedule: { monthlyOccurrences: [{ day: 'monday', occurrence: 1 }] } }),
      "Cannot set monthly occurrences with recurrence unit 'Hour'.",
    );
  });
  test('monthDays range −31…−1, 1…31', () => {
    for (const d of [32, -32]) {
      rejects(
        () => validate({ frequency: 'month', schedule: { monthDays: [d] } }),
        `recurrence.schedule.monthDays: must be -31..-1 or 1..31, got ${d}`,
      );
    }
    validate({ frequency: 'month', schedule: { monthDays: [31, -31, 1, -1] } });
  });
  test('monthDays with monthlyOccurrences is not allowed', () => {
    rejects(
      () =>
        validate({
          frequency: 'month',
          schedule: { monthDays: [1], monthlyOccurrences: [{ day: 'friday' }] },
        }),
      'recurrence.schedule: monthDays and monthlyOccurrences cannot be used together',
    );
  });
  test('minutes 0–59, hours 0–23, months 1–12', () => {
    rejects(
      () => validate({ frequency: 'day', schedule: { minutes: [60] } }),
      'recurrence.schedule.minutes: must be 0..59, got 60',
    );
    rejects(
      () => validate({ frequency: 'day', schedule: { minutes: [-1] } }),
      'recurrence.schedule.minutes: must be 0..59, got -1',
    );
    rejects(
      () => validate({ frequency: 'day', schedule: { hours: [24] } }),
      'recurrence.schedule.hours: must be 0..23, got 24',
    );
    rejects(
      () => validate({ frequency: 'day', schedule: { months: [0] } }),
      'recurrence.schedule.months: must be 1..12, got 0',
    );
    rejects(
      () => validate({ frequency: 'day', schedule: { months: [13] } }),
      'recurrence.schedule.months: must be 1..12, got 13',
    );
    validate({ frequency: 'day', schedule: { minutes: [0, 59], hours: [0, 23], months: [1, 12] } });
  });
  test('timeZone: IANA and Windows names in any case; anything else rejected', () => {
    for (const timeZone of [
      'Europe/Berlin',
      'europe/berlin',
      'Pacific Standard Time',
      'W. EUROPE STANDARD TIME',
      'Tokyo Standard Time',
      'UTC',
    ]) {
      validate({ frequency: 'day', timeZone });
    }
    for (const timeZone of ['Mars/Olympus', '+01:00', '', 'Pacific Time']) {
      rejects(() => validate({ frequency: 'day', timeZone }), /^recurrence\.timeZone: unknown time zone/);
    }
  });
});

describe('§4.1 productive rule', () => {
  test('a start time whose schedule never fires before endTime', () => {
    rejects(
      () =>
        validate(
          { frequency: 'day', schedule: { hours: [6], minutes: [0] }, endTime: '2026-03-05T05:00:00Z' },
          '2026-03-04T12:00:00Z',
        ),
      'recurrence.endTime: the schedule has no occurrence before endTime (2026-03-05T05:00:00.000Z)',
    );
    validate(
      { frequency: 'day', schedule: { hours: [6], minutes: [0] }, endTime: '2026-03-05T06:00:00Z' },
      '2026-03-04T12:00:00Z',
    );
  });
  test('a rare but real slot within 8 years is accepted (Feb 29 every month, next in 2028)', () => {
    validate({ frequency: 'month', schedule: { monthDays: [29], months: [2] } });
    validate({ frequency: 'month', schedule: { monthDays: [-29], months: [2] } }, '2026-04-01T00:00:00Z');
  });
  test('a fifth weekday that exists only beyond 8 years is rejected, one within is accepted', () => {
    // A fifth Friday in February needs a leap year whose February starts on a Friday: 2036.
    rejects(
      () =>
        validate(
          {
            frequency: 'month',
            schedule: { months: [2], monthlyOccurrences: [{ day: 'Friday', occurrence: 5 }] },
          },
          '2026-04-01T00:00:00Z',
        ),
      'recurrence.schedule: the schedule has no occurrence within 8 years (by 2034-04-01T00:00:00.000Z)',
    );
    rejects(
      () =>
        validate({
          frequency: 'month',
          schedule: { months: [2], monthlyOccurrences: [{ day: 'Friday', occurrence: -5 }] },
        }),
      'recurrence.schedule: the schedule has no occurrence within 8 years (by 2034-03-04T10:20:30.250Z)',
    );
    // A fifth Sunday: 2032-02-29.
    validate(
      {
        frequency: 'month',
        schedule: { months: [2], monthlyOccurrences: [{ day: 'Sunday', occurrence: 5 }] },
      },
      '2026-04-01T00:00:00Z',
    );
  });
  test('a past endTime not written by this request still fails when nothing is left', () => {
    rejects(
      () => validate({ frequency: 'day', endTime: '2026-03-01T00:00:00Z' }, '2026-02-01T00:00:00Z', false),
      'recurrence.endTime: the schedule has no occurrence before endTime (2026-03-01T00:00:00.000Z)',
    );
  });
});

describe('§4.1 productive rule: schedules that can never fire name the field and the rule', () => {
  const never = (field: string, rule: string): string =>
    `recurrence.schedule.${field}: ${rule}; the schedule would never fire`;
  test('monthDays [31] with months [2], with or without a start time', () => {
    rejects(
      () => validate({ frequency: 'month', schedule: { monthDays: [31], months: [2] } }),
      never('monthDays', 'no day of [31] exists in months [2]'),
    );
    rejects(
      () =>
        validate(
          { frequency: 'month', schedule: { monthDays: [30, -30], months: [2] } },
          '2026-04-01T00:00:00Z',
        ),
      never('monthDays', 'no day of [30, -30] exists in months [2]'),
    );
    rejects(
      () => validate({ frequency: 'month', schedule: { monthDays: [-31], months: [4, 6, 9, 11] } }),
      never('monthDays', 'no day of [-31] exists in months [4, 6, 9, 11]'),
    );
    // One day that exists somewhere is enough.
    validate({ frequency: 'month', schedule: { monthDays: [31, 30], months: [2, 4] } });
  });
  test('the months the interval reaches: month/12 from April has no 31st', () => {
    rejects(
      () =>
        validate({ frequency: 'month', interval: 12, schedule: { monthDays: [31] } }, '2026-04-10T00:00:00Z'),
      never('monthDays', 'no day of [31] exists in months [4]'),
    );
    validate({ frequency: 'month', interval: 12, schedule: { monthDays: [31] } }, '2026-05-10T00:00:00Z');
  });
  test('a months filter the interval never reaches', () => {
    rejects(
      () => validate({ frequency: 'month', interval: 12, schedule: { months: [2] } }),
      never(
        'months',
        'every 12 months from March (the month of startTime, or of now without one) reaches only months [3], none of [2]',
      ),
    );
    rejects(
      () =>
        validate({ frequency: 'month', interval: 2, schedule: { months: [4, 6] } }, '2026-03-10T00:00:00Z'),
      never(
        'months',
        'every 2 months from March (the month of startTime, or of now without one) reaches only months [1, 3, 5, 7, 9, 11], none of [4, 6]',
      ),
    );
    validate({ frequency: 'month', interval: 12, schedule: { months: [3] } });
    validate({ frequency: 'month', interval: 5, schedule: { months: [2] } });
  });
  test('a PATCH that keeps the series judges the periods from the series anchor, not from now', () => {
    const patch = (recurrence: Record<string, unknown>, seriesAnchor: string): void =>
      validateRecurrence(def(recurrence), {
        now: NOW,
        endTimeWritten: false,
        seriesAnchor: at(seriesAnchor),
      });
    // The series began in February at 03:40; the PATCH happens in March at 10:20.
    patch({ frequency: 'month', interval: 12, schedule: { months: [2] } }, '2026-02-10T03:40:00Z');
    patch({ frequency: 'hour', interval: 2, schedule: { hours: [3, 5] } }, '2026-02-10T03:40:00Z');
    rejects(
      () => patch({ frequency: 'month', interval: 12, schedule: { months: [3] } }, '2026-02-10T03:40:00Z'),
      /^recurrence\.schedule\.months: every 12 months from February /,
    );
    rejects(
      () => patch({ frequency: 'hour', interval: 2, schedule: { hours: [10] } }, '2026-02-10T03:40:00Z'),
      /^recurrence\.schedule\.hours: every 2 hours from hour 3 /,
    );
  });
  test('an hours filter the hour interval never reaches', () => {
    rejects(
      () => validate({ frequency: 'hour', interval: 2, schedule: { hours: [3, 5] } }),
      never(
        'hours',
        'every 2 hours from hour 10 (the hour of startTime, or of now without one) reaches only hours [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22], none of [3, 5]',
      ),
    );
    validate({ frequency: 'hour', interval: 3, schedule: { hours: [1] } });
    // The start time's hour on its zone's wall clock: 09:00 in Berlin is 08:00 UTC.
    validate(
      { frequency: 'hour', interval: 24, schedule: { hours: [9] }, timeZone: 'Europe/Berlin' },
      '2026-03-05T08:00:00Z',
    );
    rejects(
      () =>
        validate(
          { frequency: 'hour', interval: 24, schedule: { hours: [8] }, timeZone: 'Europe/Berlin' },
          '2026-03-05T08:00:00Z',
        ),
      /^recurrence\.schedule\.hours: every 24 hours from hour 9 /,
    );
  });
});
