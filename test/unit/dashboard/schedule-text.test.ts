// The dashboard's schedule in words (web/src/lib/schedule-text.ts), shown on the jobs list, the
// overview and the job page: ordinals, occurrences, times taken from the start time and plurals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ordinal, recurrenceText, scheduleOf } from '../../../web/src/lib/schedule-text.js';

test('ordinals: 1st 2nd 3rd 4th, 11th–13th, 21st 22nd 23rd, 101st, 111th', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 101, 111].map(ordinal), [
    '1st',
    '2nd',
    '3rd',
    '4th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '23rd',
    '31st',
    '101st',
    '111th',
  ]);
});

test('month days from either end, and monthly occurrences with and without a number', () => {
  assert.equal(
    recurrenceText({ frequency: 'month', schedule: { monthDays: [21, 22, 23, -1, -2, -3] } }),
    'on the 21st, 22nd, 23rd, last day, 2nd-last day and 3rd-last day of the month',
  );
  assert.equal(
    recurrenceText({ frequency: 'month', schedule: { monthlyOccurrences: [{ day: 'friday' }] } }),
    'on every Fri of the month',
  );
  assert.equal(
    recurrenceText({
      frequency: 'month',
      interval: 2,
      schedule: {
        monthlyOccurrences: [
          { day: 'monday', occurrence: 2 },
          { day: 'friday', occurrence: -1 },
        ],
      },
    }),
    'on the 2nd Mon and the last Fri of every 2 months',
  );
});

test('a member the schedule leaves out is the start time’s, not "every"', () => {
  assert.equal(
    recurrenceText({ frequency: 'day', schedule: { minutes: [0, 30] } }),
    "daily at minute 0 and 30 of the start time's hour",
  );
  assert.equal(
    recurrenceText({ frequency: 'day', interval: 2, schedule: { minutes: [0, 30] } }),
    "every 2 days at minute 0 and 30 of the start time's hour",
  );
  assert.equal(
    recurrenceText({ frequency: 'hour', schedule: { minutes: [0, 30] } }),
    'every hour at minute 0 and 30',
  );
  assert.equal(
    recurrenceText({ frequency: 'day', schedule: { hours: [2, 14] } }),
    "daily in hour 2 and 14 at the start time's minute",
  );
  assert.equal(
    recurrenceText({ frequency: 'day', schedule: { hours: [9], minutes: [30] } }),
    'daily at 09:30',
  );
});

test('counts read as numbers: 1 time, 3 times; count and end time are clauses of their own', () => {
  assert.equal(recurrenceText({ frequency: 'day', count: 1 }), 'every day, 1 time');
  assert.equal(recurrenceText({ frequency: 'day', count: 3 }), 'every day, 3 times');
  assert.equal(
    recurrenceText({
      frequency: 'day',
      schedule: { hours: [9], minutes: [30] },
      count: 10,
      endTime: '2027-12-31T00:00:00Z',
      timeZone: 'Europe/Berlin',
    }),
    'daily at 09:30, 10 times, until 2027-12-31T00:00:00Z, Europe/Berlin',
  );
});

test('with the page\'s "Times in" zone, the end time and a one-time start are written in it, not as raw ISO', () => {
  const job = {
    startTime: '2027-01-01T00:00:00Z',
    recurrence: { frequency: 'day' as const, endTime: '2027-12-31T00:00:00Z', timeZone: 'Europe/Berlin' },
  };
  assert.equal(scheduleOf(job), 'every day, until 2027-12-31T00:00:00Z, Europe/Berlin');
  assert.equal(scheduleOf(job, 'utc'), 'every day, until Fri, 31 Dec 2027, 00:00:00 UTC, Europe/Berlin');
  assert.match(
    scheduleOf(job, 'job'),
    /^every day, until Fri, 31 Dec 2027, 01:00:00 (CET|GMT\+1), Europe\/Berlin$/,
  );
  assert.equal(
    scheduleOf({ startTime: '2027-01-01T00:00:00Z' }, 'utc'),
    'once, Fri, 1 Jan 2027, 00:00:00 UTC',
  );
});
