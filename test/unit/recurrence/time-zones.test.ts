// docs/reference/scheduling-rules.md §4.7 (timeZone extension): wall-clock schedules, DST gaps shift forward
// by the gap, overlaps run once at the first instance, Minute/Hour grids use elapsed time.
// Transitions used (checked against the platform's ICU data once, by hand):
//   America/Los_Angeles  2026-03-08 02:00 PST → 03:00 PDT (10:00Z); 2026-11-01 02:00 PDT → 01:00 PST (09:00Z)
//   Europe/Berlin        2026-03-29 02:00 CET → 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST → 02:00 CET (01:00Z)
//   Australia/Lord_Howe  2026-04-05 02:00 +11 → 01:30 +10:30 (15:00Z); 2026-10-04 02:00 +10:30 → 02:30 +11 (15:30Z)
//   Australia/Sydney     2026-04-05 03:00 +11 → 02:00 +10 (16:00Z);   2026-10-04 02:00 +10 → 03:00 +11 (16:00Z)
//   America/Santiago     2026-04-05 00:00 −3 → 23:00 −4 (03:00Z);     2026-09-06 00:00 −4 → 01:00 −3 (04:00Z)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveZone } from '../../../src/domain/recurrence/index.js';
import { runs } from './helpers.js';

const NOW = '2026-01-01T00:00:00Z';
const daily = (timeZone: string, hours: number[], minutes: number[]) => ({
  frequency: 'day',
  timeZone,
  schedule: { hours, minutes },
});

describe('time zones: names', () => {
  test('Windows names map to the CLDR zone; IANA names are canonicalized; UTC aliases are UTC', () => {
    assert.equal(resolveZone('Pacific Standard Time')?.id, 'America/Los_Angeles');
    assert.equal(resolveZone('w. europe standard time')?.id, 'Europe/Berlin');
    assert.equal(resolveZone('Lord Howe Standard Time')?.id, 'Australia/Lord_Howe');
    assert.equal(resolveZone('AUS Eastern Standard Time')?.id, 'Australia/Sydney');
    assert.equal(resolveZone('Pacific SA Standard Time')?.id, 'America/Santiago');
    assert.equal(resolveZone('europe/berlin')?.id, 'Europe/Berlin');
    assert.equal(resolveZone('Etc/UTC')?.isUtc, true);
    assert.equal(resolveZone(undefined)?.isUtc, true);
    assert.equal(resolveZone('Not/AZone'), undefined);
  });
  test('a Windows name and its IANA zone give the same occurrences', () => {
    const r = (timeZone: string) => runs(NOW, daily(timeZone, [9], [0]), 5, '2026-03-26T09:00:00');
    assert.deepEqual(r('W. Europe Standard Time'), r('Europe/Berlin'));
  });
  test('no timeZone is UTC; a start time without offset is wall-clock in the zone', () => {
    assert.deepEqual(runs(NOW, { frequency: 'day' }, 1, '2026-07-01T09:00:00'), ['2026-07-01T09:00:00Z']);
    assert.deepEqual(
      runs(NOW, { frequency: 'day', timeZone: 'Tokyo Standard Time' }, 2, '2026-07-01T09:00:00'),
      ['2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z'],
    );
    // With an offset it is an instant, whatever the zone.
    assert.deepEqual(runs(NOW, { frequency: 'day', timeZone: 'Asia/Tokyo' }, 1, '2026-07-01T09:00:00Z'), [
      '2026-07-01T09:00:00Z',
    ]);
  });
});

describe('time zones: northern hemisphere', () => {
  test('Los Angeles, daily 02:30: the spring gap runs at 03:30 PDT, then 02:30 again', () => {
    assert.deepEqual(runs(NOW, daily('Pacific Standard Time', [2], [30]), 4, '2026-03-06T02:30:00'), [
      '2026-03-06T10:30:00Z',
      '2026-03-07T10:30:00Z',
      '2026-03-08T10:30:00Z', // 03:30 PDT
      '2026-03-09T09:30:00Z', // 02:30 PDT
    ]);
  });
  test('Los Angeles, daily 01:30: the autumn overlap runs once, at the first (PDT) instance', () => {
    assert.deepEqual(runs(NOW, daily('America/Los_Angeles', [1], [30]), 4, '2026-10-30T01:30:00'), [
      '2026-10-30T08:30:00Z',
      '2026-10-31T08:30:00Z',
      '2026-11-01T08:30:00Z', // 01:30 PDT, not 01:30 PST (09:30Z)
      '2026-11-02T09:30:00Z',
    ]);
  });
  test('the day grid (no schedule) keeps the wall-clock time of day across DST', () => {
    assert.deepEqual(
      runs(NOW, { frequency: 'day', timeZone: 'America/Los_Angeles' }, 3, '2026-03-07T02:30:00'),
      ['2026-03-07T10:30:00Z', '2026-03-08T10:30:00Z', '2026-03-09T09:30:00Z'],
    );
  });
  test('hourly schedule on the spring day: 02:00 shifts onto 03:00 and collapses with it', () => {
    assert.deepEqual(
      runs(
        NOW,
        { frequency: 'hour', timeZone: 'America/Los_Angeles', schedule: { minutes: [0] } },
        4,
        '2026-03-08T00:00:00',
      ),
      [
        '2026-03-08T08:00:00Z', // 00:00 PST
        '2026-03-08T09:00:00Z', // 01:00 PST
        '2026-03-08T10:00:00Z', // 02:00 (gap) = 03:00 PDT, once
        '2026-03-08T11:00:00Z', // 04:00 PDT
      ],
    );
  });
  test('hourly schedule on the autumn day: 01:00 runs once (PDT); the repeated hour is not run again', () => {
    assert.deepEqual(
      runs(
        NOW,
        { frequency: 'hour', timeZone: 'America/Los_Angeles', schedule: { minutes: [0] } },
        3,
        '2026-11-01T00:00:00',
      ),
      ['2026-11-01T07:00:00Z', '2026-11-01T08:00:00Z', '2026-11-01T10:00:00Z'],
    );
  });
  test('schedule-less hour grid uses elapsed time and ignores the zone', () => {
    assert.deepEqual(
      runs(NOW, { frequency: 'hour', timeZone: 'America/Los_Angeles' }, 4, '2026-11-01T00:00:00'),
      ['2026-11-01T07:00:00Z', '2026-11-01T08:00:00Z', '2026-11-01T09:00:00Z', '2026-11-01T10:00:00Z'],
    );
    assert.deepEqual(
      runs(NOW, { frequency: 'minute', interval: 45, timeZone: 'Europe/Berlin' }, 3, '2026-03-29T01:30:00'),
      ['2026-03-29T00:30:00Z', '2026-03-29T01:15:00Z', '2026-03-29T02:00:00Z'],
    );
  });
  test('Berlin, Sundays 02:30 (Windows name): gap → 03:30 CEST; overlap → the CEST instance', () => {
    const sundays = {
      frequency: 'week',
      timeZone: 'W. Europe Standard Time',
      schedule: { weekDays: ['sunday'], hours: [2], minutes: [30] },
    };
    assert.deepEqual(runs(NOW, sundays, 3, '2026-03-22T02:30:00'), [
      '2026-03-22T01:30:00Z',
      '2026-03-29T01:30:00Z',
      '2026-04-05T00:30:00Z',
    ]);
    assert.deepEqual(runs(NOW, sundays, 3, '2026-10-18T02:30:00'), [
      '2026-10-18T00:30:00Z',
      '2026-10-25T00:30:00Z',
      '2026-11-01T01:30:00Z',
    ]);
  });
  test('Berlin month grid: wall time kept, month end clamped', () => {
    assert.deepEqual(runs(NOW, { frequency: 'month', timeZone: 'Europe/Berlin' }, 4, '2026-01-31T09:00:00'), [
      '2026-01-31T08:00:00Z',
      '2026-02-28T08:00:00Z',
      '2026-03-31T07:00:00Z',
      '2026-04-30T07:00:00Z',
    ]);
  });
});

describe('time zones: 30-minute shift and southern hemisphere', () => {
  test('Lord Howe, daily 02:15: the 30-minute October gap runs at 02:45 (+11)', () => {
    assert.deepEqual(runs(NOW, daily('Australia/Lord_Howe', [2], [15]), 3, '2026-10-03T02:15:00'), [
      '2026-10-02T15:45:00Z', // 02:15 +10:30
      '2026-10-03T15:45:00Z', // 02:15 does not exist → 02:45 +11
      '2026-10-04T15:15:00Z', // 02:15 +11
    ]);
  });
  test('Lord Howe, daily 01:45: the 30-minute April overlap runs once, at the +11 instance', () => {
    assert.deepEqual(runs(NOW, daily('Lord Howe Standard Time', [1], [45]), 3, '2026-04-04T01:45:00'), [
      '2026-04-03T14:45:00Z',
      '2026-04-04T14:45:00Z', // 01:45 +11 (the +10:30 instance would be 15:15Z)
      '2026-04-05T15:15:00Z',
    ]);
  });
  test('Lord Howe, quarter-hourly on the gap night: 02:00 and 02:15 shift onto 02:30 and 02:45', () => {
    const r = runs(NOW, daily('Australia/Lord_Howe', [1, 2, 3], [0, 15, 30, 45]), 9, '2026-10-04T01:00:00');
    assert.deepEqual(r, [
      '2026-10-03T14:30:00Z', // 01:00 +10:30
      '2026-10-03T14:45:00Z',
      '2026-10-03T15:00:00Z',
      '2026-10-03T15:15:00Z', // 01:45 +10:30
      '2026-10-03T15:30:00Z', // 02:00 → 02:30 +11 (and 02:30 itself: one occurrence)
      '2026-10-03T15:45:00Z', // 02:15 → 02:45 (and 02:45 itself)
      '2026-10-03T16:00:00Z', // 03:00 +11
      '2026-10-03T16:15:00Z',
      '2026-10-03T16:30:00Z',
    ]);
  });
  test('Sydney, first Sunday of the month 02:30: October gap → 03:30 AEDT; April overlap → AEDT', () => {
    const firstSunday = {
      frequency: 'month',
      timeZone: 'AUS Eastern Standard Time',
      schedule: { monthlyOccurrences: [{ day: 'sunday', occurrence: 1 }], hours: [2], minutes: [30] },
    };
    assert.deepEqual(runs(NOW, firstSunday, 3, '2026-09-01T00:00:00'), [
      '2026-09-05T16:30:00Z',
      '2026-10-03T16:30:00Z',
      '2026-10-31T15:30:00Z',
    ]);
    assert.deepEqual(runs(NOW, firstSunday, 3, '2026-02-20T00:00:00'), [
      '2026-02-28T15:30:00Z',
      '2026-04-04T15:30:00Z',
      '2026-05-02T16:30:00Z',
    ]);
  });
  test('Santiago, daily 00:30: the gap at midnight moves the run to 01:30 (−3)', () => {
    assert.deepEqual(runs(NOW, daily('America/Santiago', [0], [30]), 3, '2026-09-05T00:30:00'), [
      '2026-09-05T04:30:00Z',
      '2026-09-06T04:30:00Z',
      '2026-09-07T03:30:00Z',
    ]);
  });
  test('Santiago, daily 23:30: the April overlap runs at the first (−3) instance', () => {
    assert.deepEqual(runs(NOW, daily('America/Santiago', [23], [30]), 3, '2026-04-03T23:30:00'), [
      '2026-04-04T02:30:00Z',
      '2026-04-05T02:30:00Z',
      '2026-04-06T03:30:00Z',
    ]);
  });
  test('endTime without an offset is wall-clock in the zone and inclusive', () => {
    const r = { ...daily('Australia/Sydney', [9], [0]), endTime: '2026-07-03T09:00:00' };
    assert.deepEqual(runs(NOW, r, 9, '2026-07-01T09:00:00'), [
      '2026-06-30T23:00:00Z',
      '2026-07-01T23:00:00Z',
      '2026-07-02T23:00:00Z',
    ]);
  });
});
