// docs/reference/scheduling-rules.md §13.3 (Logic Apps recurrence patterns L1–L21), turned into concrete dates.
// Jobs without a start time are saved at S = Wednesday 2026-03-04 10:20:30.250Z (anchor hh:mm 10:20)
// and run once at S first (§4.3). March 2026: Saturdays 7, 14; Sunday 8; Mondays 2, 9, 16, 30.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runs } from './helpers.js';

const S = '2026-03-04T10:20:30.250Z';
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const QUARTERS = [0, 15, 30, 45];

describe('§13.3 Logic Apps patterns', () => {
  test('L1 minute/15, no start: save time, then every 15 minutes from it', () => {
    assert.deepEqual(runs(S, { frequency: 'minute', interval: 15 }, 3), [
      S,
      '2026-03-04T10:35:30.250Z',
      '2026-03-04T10:50:30.250Z',
    ]);
  });
  test('L2 minute/15 with a start: not before it, on its grid (future and past start)', () => {
    assert.deepEqual(runs(S, { frequency: 'minute', interval: 15 }, 2, '2026-03-10T08:07:00Z'), [
      '2026-03-10T08:07:00Z',
      '2026-03-10T08:22:00Z',
    ]);
    // A past start 09:00: grid 09:00, 09:15 … — the first point ≥ S is 10:30.
    assert.deepEqual(runs(S, { frequency: 'minute', interval: 15 }, 2, '2026-03-04T09:00:00Z'), [
      '2026-03-04T10:30:00Z',
      '2026-03-04T10:45:00Z',
    ]);
  });
  test('L3 hour/1 from a start on the hour', () => {
    assert.deepEqual(runs(S, { frequency: 'hour' }, 3, '2026-03-05T07:00:00Z'), [
      '2026-03-05T07:00:00Z',
      '2026-03-05T08:00:00Z',
      '2026-03-05T09:00:00Z',
    ]);
  });
  test('L4 hour/1, no start: save time, then hourly from it', () => {
    assert.deepEqual(runs(S, { frequency: 'hour' }, 3), [
      S,
      '2026-03-04T11:20:30.250Z',
      '2026-03-04T12:20:30.250Z',
    ]);
  });
  test('L5 hour/1 with a past start: on the start’s grid, not before save time', () => {
    assert.deepEqual(runs(S, { frequency: 'hour' }, 2, '2026-03-01T08:45:10Z'), [
      '2026-03-04T10:45:10Z',
      '2026-03-04T11:45:10Z',
    ]);
  });
  test('L6 hour/1 from 00:15 → 00:15, 01:15, 02:15', () => {
    assert.deepEqual(runs(S, { frequency: 'hour' }, 3, '2026-03-05T00:15:00Z'), [
      '2026-03-05T00:15:00Z',
      '2026-03-05T01:15:00Z',
      '2026-03-05T02:15:00Z',
    ]);
  });
  test('L7 day, hours 0–23, minutes [15]: every hour at :15', () => {
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: range(0, 23), minutes: [15] } }, 4), [
      S,
      '2026-03-04T11:15:00Z',
      '2026-03-04T12:15:00Z',
      '2026-03-04T13:15:00Z',
    ]);
    // Across midnight: 23:15 then 00:15.
    const r = runs(S, { frequency: 'day', schedule: { hours: range(0, 23), minutes: [15] } }, 15);
    assert.deepEqual(r.slice(13, 15), ['2026-03-04T23:15:00Z', '2026-03-05T00:15:00Z']);
  });
  test('L8 day, hours 0–23, quarters: every 15 minutes from the next quarter mark', () => {
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: range(0, 23), minutes: QUARTERS } }, 4), [
      S,
      '2026-03-04T10:30:00Z',
      '2026-03-04T10:45:00Z',
      '2026-03-04T11:00:00Z',
    ]);
  });
  test('L9 day, hours [8]: daily at 08:mm, mm = save-time minute', () => {
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: [8] } }, 3), [
      S,
      '2026-03-05T08:20:00Z',
      '2026-03-06T08:20:00Z',
    ]);
  });
  test('L10 day, no schedule, start at 08:00: daily at 08:00 from the start date', () => {
    assert.deepEqual(runs(S, { frequency: 'day' }, 3, '2026-03-05T08:00:00Z'), [
      '2026-03-05T08:00:00Z',
      '2026-03-06T08:00:00Z',
      '2026-03-07T08:00:00Z',
    ]);
  });
  test('L11 day, hours [8], minutes [0] (and [30])', () => {
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: [8], minutes: [0] } }, 3), [
      S,
      '2026-03-05T08:00:00Z',
      '2026-03-06T08:00:00Z',
    ]);
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: [8], minutes: [30] } }, 2), [
      S,
      '2026-03-05T08:30:00Z',
    ]);
  });
  test('L12 day, hours [8,16], minutes [0] (and [30])', () => {
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: [8, 16], minutes: [0] } }, 4), [
      S,
      '2026-03-04T16:00:00Z',
      '2026-03-05T08:00:00Z',
      '2026-03-05T16:00:00Z',
    ]);
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: [8, 16], minutes: [30] } }, 3), [
      S,
      '2026-03-04T16:30:00Z',
      '2026-03-05T08:30:00Z',
    ]);
  });
  test('L13 day, hours [8,16], minutes [30,45]', () => {
    assert.deepEqual(runs(S, { frequency: 'day', schedule: { hours: [8, 16], minutes: [30, 45] } }, 5), [
      S,
      '2026-03-04T16:30:00Z',
      '2026-03-04T16:45:00Z',
      '2026-03-05T08:30:00Z',
      '2026-03-05T08:45:00Z',
    ]);
  });
  test('L14 week, Saturdays 17:00', () => {
    assert.deepEqual(
      runs(S, { frequency: 'week', schedule: { weekDays: ['saturday'], hours: [17], minutes: [0] } }, 3),
      [S, '2026-03-07T17:00:00Z', '2026-03-14T17:00:00Z'],
    );
  });
  test('L15 week, Saturdays, start Saturday 2017-09-09 17:00 saved before it', () => {
    assert.deepEqual(
      runs(
        '2017-09-01T12:00:00Z',
        { frequency: 'week', schedule: { weekDays: ['saturday'] } },
        3,
        '2017-09-09T17:00:00Z',
      ),
      ['2017-09-09T17:00:00Z', '2017-09-16T17:00:00Z', '2017-09-23T17:00:00Z'],
    );
  });
  test('L16 week, Tuesdays and Thursdays at 17:mm', () => {
    assert.deepEqual(
      runs(S, { frequency: 'week', schedule: { weekDays: ['tuesday', 'thursday'], hours: [17] } }, 4),
      [S, '2026-03-05T17:20:00Z', '2026-03-10T17:20:00Z', '2026-03-12T17:20:00Z'],
    );
  });
  test('L17 week, weekdays hourly 08:00–17:00', () => {
    const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
    const r = runs(
      S,
      { frequency: 'week', schedule: { weekDays: weekdays, hours: range(8, 17), minutes: [0] } },
      40,
    );
    assert.deepEqual(r.slice(0, 3), [S, '2026-03-04T11:00:00Z', '2026-03-04T12:00:00Z']);
    // Wednesday 11–17 (7 runs), Thursday 08–17, Friday 08–17, then Monday 08:00.
    assert.deepEqual(r.slice(7, 9), ['2026-03-04T17:00:00Z', '2026-03-05T08:00:00Z']);
    assert.deepEqual(r.slice(27, 29), ['2026-03-06T17:00:00Z', '2026-03-09T08:00:00Z']);
  });
  test('L18 week, weekends at chosen times', () => {
    assert.deepEqual(
      runs(
        S,
        { frequency: 'week', schedule: { weekDays: ['saturday', 'sunday'], hours: [9, 21], minutes: [30] } },
        6,
      ),
      [
        S,
        '2026-03-07T09:30:00Z',
        '2026-03-07T21:30:00Z',
        '2026-03-08T09:30:00Z',
        '2026-03-08T21:30:00Z',
        '2026-03-14T09:30:00Z',
      ],
    );
  });
  test('L19 week/2, Mondays every 15 minutes: ISO week of the anchor, then every second week', () => {
    // The anchor's week (Monday 03-02) is active but its Monday has passed; next: 03-16, then 03-30.
    const r = runs(
      S,
      {
        frequency: 'week',
        interval: 2,
        schedule: { weekDays: ['monday'], hours: range(0, 23), minutes: QUARTERS },
      },
      99,
    );
    assert.deepEqual(r.slice(0, 3), [S, '2026-03-16T00:00:00Z', '2026-03-16T00:15:00Z']);
    assert.deepEqual(r.slice(96, 99), [
      '2026-03-16T23:45:00Z',
      '2026-03-30T00:00:00Z',
      '2026-03-30T00:15:00Z',
    ]);
  });
  test('L20 month, no schedule: the anchor’s day and time, clamped to the month’s end', () => {
    assert.deepEqual(runs('2026-01-10T00:00:00Z', { frequency: 'month' }, 4, '2026-01-31T09:00:00Z'), [
      '2026-01-31T09:00:00Z',
      '2026-02-28T09:00:00Z',
      '2026-03-31T09:00:00Z',
      '2026-04-30T09:00:00Z',
    ]);
    assert.deepEqual(runs(S, { frequency: 'month' }, 3), [
      S,
      '2026-04-04T10:20:30.250Z',
      '2026-05-04T10:20:30.250Z',
    ]);
  });
  test('L21 month, hours 0–23, anchor 08:25: every hour at :25 on the anchor’s day', () => {
    const r = runs(
      '2026-03-01T00:00:00Z',
      { frequency: 'month', schedule: { hours: range(0, 23) } },
      18,
      '2026-03-04T08:25:00Z',
    );
    assert.deepEqual(r.slice(0, 2), ['2026-03-04T08:25:00Z', '2026-03-04T09:25:00Z']);
    // 08:25 … 23:25 is 16 runs; then the 4th of April from 00:25.
    assert.deepEqual(r.slice(15, 18), [
      '2026-03-04T23:25:00Z',
      '2026-04-04T00:25:00Z',
      '2026-04-04T01:25:00Z',
    ]);
  });
});
