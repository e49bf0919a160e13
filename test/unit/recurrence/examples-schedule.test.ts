// docs/reference/scheduling-rules.md §13.2 schedule examples C1–C33. Every job is saved without a start time at
// S = Wednesday 2026-03-04 10:20:30.250Z, so the anchor's hh:mm is 10:20 and the first run is S.
// March 2026 starts on a Sunday: Fridays 6, 13, 20, 27; April 1 is a Wednesday; May 1 a Friday.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runs } from './helpers.js';

const S = '2026-03-04T10:20:30.250Z';
const day = (schedule: object) => ({ frequency: 'day', schedule });
const hour = (schedule: object) => ({ frequency: 'hour', schedule });
const week = (schedule: object) => ({ frequency: 'week', schedule });
const month = (schedule: object) => ({ frequency: 'month', schedule });
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const MWF = ['monday', 'wednesday', 'friday'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const QUARTERS = [0, 15, 30, 45];

function check(name: string, recurrence: object, expected: string[]): void {
  test(name, () =>
    assert.deepEqual(runs(S, recurrence as Record<string, unknown>, expected.length + 1), [S, ...expected]),
  );
}

describe('§13.2 schedule examples', () => {
  check('C1 day {hours:[5]}: 05:mm daily', day({ hours: [5] }), [
    '2026-03-05T05:20:00Z',
    '2026-03-06T05:20:00Z',
  ]);
  check('C2 day 05:15', day({ minutes: [15], hours: [5] }), ['2026-03-05T05:15:00Z', '2026-03-06T05:15:00Z']);
  check('C3 day 05:15 and 17:15', day({ minutes: [15], hours: [5, 17] }), [
    '2026-03-04T17:15:00Z',
    '2026-03-05T05:15:00Z',
    '2026-03-05T17:15:00Z',
  ]);
  check('C4 day 05:15 05:45 17:15 17:45', day({ minutes: [15, 45], hours: [5, 17] }), [
    '2026-03-04T17:15:00Z',
    '2026-03-04T17:45:00Z',
    '2026-03-05T05:15:00Z',
    '2026-03-05T05:45:00Z',
  ]);
  check('C5 hour quarters', hour({ minutes: QUARTERS }), [
    '2026-03-04T10:30:00Z',
    '2026-03-04T10:45:00Z',
    '2026-03-04T11:00:00Z',
    '2026-03-04T11:15:00Z',
  ]);
  check('C6 day hours 0–23: hourly at the anchor minute', day({ hours: range(0, 23) }), [
    '2026-03-04T11:20:00Z',
    '2026-03-04T12:20:00Z',
  ]);
  test('C6 with month: hourly, but only on the anchor’s day of the month', () => {
    const r = runs(S, month({ hours: range(0, 23) }), 16);
    assert.equal(r[1], '2026-03-04T11:20:00Z');
    assert.equal(r[13], '2026-03-04T23:20:00Z');
    assert.deepEqual(r.slice(14), ['2026-04-04T00:20:00Z', '2026-04-04T01:20:00Z']);
  });
  check('C7 hour {minutes:[0]}: on the hour', hour({ minutes: [0] }), [
    '2026-03-04T11:00:00Z',
    '2026-03-04T12:00:00Z',
  ]);
  check('C7 with day: once a day at hh:00 of the anchor hour', day({ minutes: [0] }), [
    '2026-03-05T10:00:00Z',
    '2026-03-06T10:00:00Z',
  ]);
  check('C7 with week: once a week', week({ minutes: [0] }), ['2026-03-11T10:00:00Z']);
  check('C7 with month: once a month', month({ minutes: [0] }), ['2026-04-04T10:00:00Z']);
  check('C8 hour :15', hour({ minutes: [15] }), ['2026-03-04T11:15:00Z', '2026-03-04T12:15:00Z']);
  check('C9 Saturdays 17:mm', week({ hours: [17], weekDays: ['saturday'] }), [
    '2026-03-07T17:20:00Z',
    '2026-03-14T17:20:00Z',
  ]);
  check('C10 Mon/Wed/Fri 17:mm', week({ hours: [17], weekDays: MWF }), [
    '2026-03-04T17:20:00Z',
    '2026-03-06T17:20:00Z',
    '2026-03-09T17:20:00Z',
  ]);
  check('C11 Mon/Wed/Fri 17:15 17:45', week({ minutes: [15, 45], hours: [17], weekDays: MWF }), [
    '2026-03-04T17:15:00Z',
    '2026-03-04T17:45:00Z',
    '2026-03-06T17:15:00Z',
    '2026-03-06T17:45:00Z',
    '2026-03-09T17:15:00Z',
  ]);
  check('C12 Mon/Wed/Fri 05:mm 17:mm', week({ hours: [5, 17], weekDays: MWF }), [
    '2026-03-04T17:20:00Z',
    '2026-03-06T05:20:00Z',
    '2026-03-06T17:20:00Z',
    '2026-03-09T05:20:00Z',
  ]);
  check('C13 Mon/Wed/Fri four times', week({ minutes: [15, 45], hours: [5, 17], weekDays: MWF }), [
    '2026-03-04T17:15:00Z',
    '2026-03-04T17:45:00Z',
    '2026-03-06T05:15:00Z',
    '2026-03-06T05:45:00Z',
    '2026-03-06T17:15:00Z',
    '2026-03-06T17:45:00Z',
    '2026-03-09T05:15:00Z',
  ]);
  check(
    'C14 weekdays at the quarters of the anchor hour only',
    week({ minutes: QUARTERS, weekDays: WEEKDAYS }),
    [
      '2026-03-04T10:30:00Z',
      '2026-03-04T10:45:00Z',
      '2026-03-05T10:00:00Z',
      '2026-03-05T10:15:00Z',
      '2026-03-05T10:30:00Z',
      '2026-03-05T10:45:00Z',
      '2026-03-06T10:00:00Z',
    ],
  );
  test('C15 weekdays every 15 minutes 09:00–16:45', () => {
    // S, 26 slots left on Wednesday, 32 on Thursday, 32 on Friday: Friday 16:45 is r[90].
    const r = runs(S, week({ minutes: QUARTERS, hours: range(9, 16), weekDays: WEEKDAYS }), 100);
    assert.deepEqual(r.slice(1, 4), ['2026-03-04T10:30:00Z', '2026-03-04T10:45:00Z', '2026-03-04T11:00:00Z']);
    assert.deepEqual(r.slice(26, 28), ['2026-03-04T16:45:00Z', '2026-03-05T09:00:00Z']);
    // Friday 16:45 is followed by Monday 09:00.
    assert.equal(r[90], '2026-03-06T16:45:00Z');
    assert.equal(r[91], '2026-03-09T09:00:00Z');
  });
  check('C16 Sundays at hh:mm', week({ weekDays: ['sunday'] }), [
    '2026-03-08T10:20:00Z',
    '2026-03-15T10:20:00Z',
  ]);
  check('C17 Tuesdays and Thursdays', week({ weekDays: ['tuesday', 'thursday'] }), [
    '2026-03-05T10:20:00Z',
    '2026-03-10T10:20:00Z',
    '2026-03-12T10:20:00Z',
  ]);
  check('C18 the 28th at 06:00', month({ minutes: [0], hours: [6], monthDays: [28] }), [
    '2026-03-28T06:00:00Z',
    '2026-04-28T06:00:00Z',
  ]);
  check('C19 the last day at 06:00', month({ minutes: [0], hours: [6], monthDays: [-1] }), [
    '2026-03-31T06:00:00Z',
    '2026-04-30T06:00:00Z',
    '2026-05-31T06:00:00Z',
  ]);
  check('C20 first and last day at 06:00', month({ minutes: [0], hours: [6], monthDays: [1, -1] }), [
    '2026-03-31T06:00:00Z',
    '2026-04-01T06:00:00Z',
    '2026-04-30T06:00:00Z',
    '2026-05-01T06:00:00Z',
  ]);
  check('C21 first and last day at hh:mm', month({ monthDays: [1, -1] }), [
    '2026-03-31T10:20:00Z',
    '2026-04-01T10:20:00Z',
    '2026-04-30T10:20:00Z',
  ]);
  check('C22 the 1st and 14th', month({ monthDays: [1, 14] }), [
    '2026-03-14T10:20:00Z',
    '2026-04-01T10:20:00Z',
    '2026-04-14T10:20:00Z',
  ]);
  check('C23 the 2nd (March’s already passed)', month({ monthDays: [2] }), [
    '2026-04-02T10:20:00Z',
    '2026-05-02T10:20:00Z',
  ]);
  check(
    'C24 first Friday 05:00',
    month({ minutes: [0], hours: [5], monthlyOccurrences: [{ day: 'friday', occurrence: 1 }] }),
    ['2026-03-06T05:00:00Z', '2026-04-03T05:00:00Z', '2026-05-01T05:00:00Z'],
  );
  check('C25 first Friday hh:mm', month({ monthlyOccurrences: [{ day: 'friday', occurrence: 1 }] }), [
    '2026-03-06T10:20:00Z',
    '2026-04-03T10:20:00Z',
  ]);
  check('C26 third-from-last Friday', month({ monthlyOccurrences: [{ day: 'friday', occurrence: -3 }] }), [
    '2026-03-13T10:20:00Z',
    '2026-04-10T10:20:00Z',
    '2026-05-15T10:20:00Z',
  ]);
  check(
    'C27 first and last Friday 05:15',
    month({
      minutes: [15],
      hours: [5],
      monthlyOccurrences: [
        { day: 'friday', occurrence: 1 },
        { day: 'friday', occurrence: -1 },
      ],
    }),
    ['2026-03-06T05:15:00Z', '2026-03-27T05:15:00Z', '2026-04-03T05:15:00Z', '2026-04-24T05:15:00Z'],
  );
  check(
    'C28 first and last Friday hh:mm',
    month({
      monthlyOccurrences: [
        { day: 'friday', occurrence: 1 },
        { day: 'friday', occurrence: -1 },
      ],
    }),
    ['2026-03-06T10:20:00Z', '2026-03-27T10:20:00Z', '2026-04-03T10:20:00Z'],
  );
  check(
    'C29 fifth Friday; months without one are skipped',
    month({ monthlyOccurrences: [{ day: 'friday', occurrence: 5 }] }),
    ['2026-05-29T10:20:00Z', '2026-07-31T10:20:00Z'],
  );
  check(
    'C30 last Friday at the quarters of the anchor hour',
    month({ minutes: QUARTERS, monthlyOccurrences: [{ day: 'friday', occurrence: -1 }] }),
    [
      '2026-03-27T10:00:00Z',
      '2026-03-27T10:15:00Z',
      '2026-03-27T10:30:00Z',
      '2026-03-27T10:45:00Z',
      '2026-04-24T10:00:00Z',
    ],
  );
  check(
    'C31 third Wednesday four times',
    month({ minutes: [15, 45], hours: [5, 17], monthlyOccurrences: [{ day: 'wednesday', occurrence: 3 }] }),
    [
      '2026-03-18T05:15:00Z',
      '2026-03-18T05:45:00Z',
      '2026-03-18T17:15:00Z',
      '2026-03-18T17:45:00Z',
      '2026-04-15T05:15:00Z',
    ],
  );
  check('C32 the 31st only in months that have one', month({ monthDays: [31] }), [
    '2026-03-31T10:20:00Z',
    '2026-05-31T10:20:00Z',
    '2026-07-31T10:20:00Z',
    '2026-08-31T10:20:00Z',
    '2026-10-31T10:20:00Z',
  ]);
  check('C33 the 1st and 2nd', month({ monthDays: [1, 2] }), [
    '2026-04-01T10:20:00Z',
    '2026-04-02T10:20:00Z',
    '2026-05-01T10:20:00Z',
  ]);
});

describe('schedule details (§4.5)', () => {
  check(
    'monthlyOccurrences without occurrence: every such weekday',
    month({ monthlyOccurrences: [{ day: 'monday' }] }),
    [
      '2026-03-09T10:20:00Z',
      '2026-03-16T10:20:00Z',
      '2026-03-23T10:20:00Z',
      '2026-03-30T10:20:00Z',
      '2026-04-06T10:20:00Z',
    ],
  );
  check('monthDays 31 and -1 reach the same day once', month({ monthDays: [31, -1] }), [
    '2026-03-31T10:20:00Z',
    '2026-04-30T10:20:00Z',
    '2026-05-31T10:20:00Z',
  ]);
  check('monthDays -31 only in 31-day months', month({ monthDays: [-31] }), [
    '2026-05-01T10:20:00Z',
    '2026-07-01T10:20:00Z',
    '2026-08-01T10:20:00Z',
  ]);
  check(
    'months filter (extension) on a daily schedule',
    { frequency: 'day', schedule: { hours: [6], minutes: [0], months: [5, 12] } },
    ['2026-05-01T06:00:00Z', '2026-05-02T06:00:00Z'],
  );
  test('months filter on a monthly schedule skips to the listed months', () => {
    assert.deepEqual(runs(S, month({ monthDays: [1], months: [1, 7] }), 4).slice(1), [
      '2026-07-01T10:20:00Z',
      '2027-01-01T10:20:00Z',
      '2027-07-01T10:20:00Z',
    ]);
  });
  check(
    'hour with hours filter: only in those hours',
    { frequency: 'hour', interval: 1, schedule: { minutes: [0, 30], hours: [11, 13] } },
    [
      '2026-03-04T11:00:00Z',
      '2026-03-04T11:30:00Z',
      '2026-03-04T13:00:00Z',
      '2026-03-04T13:30:00Z',
      '2026-03-05T11:00:00Z',
    ],
  );
  check(
    'hour interval 3: wall-clock hours from the anchor hour (10, 13, 16 …)',
    { frequency: 'hour', interval: 3, schedule: { minutes: [5] } },
    ['2026-03-04T13:05:00Z', '2026-03-04T16:05:00Z'],
  );
  check(
    'day interval 3 with a schedule: periods from the anchor date',
    { frequency: 'day', interval: 3, schedule: { hours: [6], minutes: [0] } },
    ['2026-03-07T06:00:00Z', '2026-03-10T06:00:00Z'],
  );
  check(
    'month interval 2 with a schedule: periods from the anchor month',
    { frequency: 'month', interval: 2, schedule: { monthDays: [1] } },
    ['2026-05-01T10:20:00Z', '2026-07-01T10:20:00Z'],
  );
});
