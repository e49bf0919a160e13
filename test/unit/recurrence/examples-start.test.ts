// docs/reference/scheduling-rules.md §13.1 (start time in the past, no schedule) and §4.3 start-time table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runs } from './helpers.js';
import { beginSeries, resumeAt } from '../../../src/domain/recurrence/series.js';

describe('§13.1 start time in the past, no schedule', () => {
  const day2 = { frequency: 'day', interval: 2 };
  test('S1: start one day back → first run 04-09 14:00, then every 2 days', () => {
    assert.deepEqual(runs('2015-04-08T13:00:00Z', day2, 4, '2015-04-07T14:00:00Z'), [
      '2015-04-09T14:00:00Z',
      '2015-04-11T14:00:00Z',
      '2015-04-13T14:00:00Z',
      '2015-04-15T14:00:00Z',
    ]);
  });
  test('S2: start three days back → 04-09 14:00', () => {
    assert.deepEqual(runs('2015-04-08T13:00:00Z', day2, 1, '2015-04-05T14:00:00Z'), ['2015-04-09T14:00:00Z']);
  });
  test('S3: start a week back → 04-09 14:00', () => {
    assert.deepEqual(runs('2015-04-08T13:00:00Z', day2, 1, '2015-04-01T14:00:00Z'), ['2015-04-09T14:00:00Z']);
  });
  test('S4: Monday start, daily, count 5 → Monday to Friday, then the series ends', () => {
    assert.deepEqual(
      runs('2026-11-20T08:00:00Z', { frequency: 'day', count: 5 }, 10, '2026-11-23T09:30:00Z'),
      [
        '2026-11-23T09:30:00Z',
        '2026-11-24T09:30:00Z',
        '2026-11-25T09:30:00Z',
        '2026-11-26T09:30:00Z',
        '2026-11-27T09:30:00Z',
      ],
    );
  });
  test('S5: Monday start, daily, count 7 → Monday to Sunday', () => {
    const r = runs('2026-11-20T08:00:00Z', { frequency: 'day', count: 7 }, 10, '2026-11-23T09:30:00Z');
    assert.equal(r.length, 7);
    assert.equal(r[6], '2026-11-29T09:30:00Z');
  });
});

describe('§4.3 startTime × recurrence', () => {
  const now = '2026-03-04T10:20:30.250Z';
  test('one-time: no start → at save time; past start → at save time; future start → at start', () => {
    assert.deepEqual(runs(now, undefined, 5), ['2026-03-04T10:20:30.250Z']);
    assert.deepEqual(runs(now, undefined, 5, '2026-03-01T00:00:00Z'), ['2026-03-04T10:20:30.250Z']);
    assert.deepEqual(runs(now, undefined, 5, '2026-05-01T00:00:00Z'), ['2026-05-01T00:00:00Z']);
  });
  test('recurrence without schedule: future start runs at the start', () => {
    assert.deepEqual(runs(now, { frequency: 'hour', interval: 5 }, 2, '2026-03-04T10:20:30.250Z'), [
      '2026-03-04T10:20:30.250Z',
      '2026-03-04T15:20:30.250Z',
    ]);
  });
  test('schedule with a future start: first slot ≥ startTime (a slot exactly at the start counts)', () => {
    assert.deepEqual(
      runs(now, { frequency: 'day', schedule: { hours: [6], minutes: [0] } }, 2, '2026-03-10T06:00:00Z'),
      ['2026-03-10T06:00:00Z', '2026-03-11T06:00:00Z'],
    );
  });
  test('schedule with a past start: first slot ≥ save time, earlier ones skipped', () => {
    assert.deepEqual(
      runs(now, { frequency: 'day', schedule: { hours: [6, 12], minutes: [0] } }, 2, '2026-02-01T06:00:00Z'),
      ['2026-03-04T12:00:00Z', '2026-03-05T06:00:00Z'],
    );
  });
  test('schedule without start: save time first, then slots strictly after it', () => {
    assert.deepEqual(
      runs('2026-03-04T06:00:00Z', { frequency: 'day', schedule: { hours: [6, 12], minutes: [0] } }, 3),
      ['2026-03-04T06:00:00Z', '2026-03-04T12:00:00Z', '2026-03-05T06:00:00Z'],
    );
  });
  test('month grid clamps to the month end, always from the anchor', () => {
    assert.deepEqual(runs('2024-01-01T00:00:00Z', { frequency: 'month' }, 5, '2024-01-31T08:25:10.5Z'), [
      '2024-01-31T08:25:10.500Z',
      '2024-02-29T08:25:10.500Z',
      '2024-03-31T08:25:10.500Z',
      '2024-04-30T08:25:10.500Z',
      '2024-05-31T08:25:10.500Z',
    ]);
  });
  test('count and endTime: whichever first; due exactly at endTime runs', () => {
    assert.deepEqual(runs(now, { frequency: 'day', endTime: '2026-03-06T10:20:30.250Z' }, 10), [
      '2026-03-04T10:20:30.250Z',
      '2026-03-05T10:20:30.250Z',
      '2026-03-06T10:20:30.250Z',
    ]);
    assert.equal(runs(now, { frequency: 'day', count: 2, endTime: '2026-03-09T00:00:00Z' }, 10).length, 2);
    assert.equal(
      runs(now, { frequency: 'day', count: 9, endTime: '2026-03-06T10:20:30.249Z' }, 10).length,
      2,
    );
  });
});

test('a one-time start time with digits past the millisecond: the same due time when the series begins and when it resumes (enable, PATCH)', () => {
  const startTime = { ms: Date.parse('2026-12-07T07:44:44.123Z'), ticks: 4567 };
  const saveTime = Date.parse('2026-12-07T07:44:20Z');
  const begun = beginSeries({ startTime }, saveTime);
  assert.equal(begun.firstDue, startTime.ms);
  assert.equal(
    resumeAt({ startTime }, { anchor: begun.anchor, seriesCount: 0 }, saveTime + 5_000),
    startTime.ms,
  );
  // Past due: at once.
  assert.equal(
    resumeAt({ startTime }, { anchor: begun.anchor, seriesCount: 0 }, startTime.ms + 10),
    startTime.ms + 10,
  );
});
