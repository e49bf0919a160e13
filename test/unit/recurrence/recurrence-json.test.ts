import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRecurrence, parseRecurrence } from '../../../src/wire/recurrence-json.js';
import { DomainError } from '../../../src/domain/errors.js';

const badRequest = (re: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.code === 'BadRequest' && re.test(e.message);

describe('wire recurrence parsing', () => {
  test('member names and enums case-insensitive; interval defaults to 1', () => {
    assert.deepEqual(parseRecurrence({ Frequency: 'WEEK', Schedule: { WeekDays: ['Monday', 'FRIDAY'] } }), {
      frequency: 'week',
      interval: 1,
      schedule: { weekDays: ['monday', 'friday'] },
    });
  });
  test('a later duplicate member (any case) wins', () => {
    assert.equal(parseRecurrence({ frequency: 'day', Frequency: 'hour' }).frequency, 'hour');
    assert.equal(parseRecurrence({ frequency: 'day', interval: 3, INTERVAL: 4 }).interval, 4);
  });
  test('bare integers for minutes, hours, monthDays, months; duplicates removed keeping order', () => {
    assert.deepEqual(
      parseRecurrence({
        frequency: 'month',
        schedule: { minutes: 5, hours: [7, 3, 7], monthDays: -1, months: 12 },
      }).schedule,
      {
        minutes: [5],
        hours: [7, 3],
        months: [12],
        monthDays: [-1],
      },
    );
  });
  test('a bad bare item is named as the member, an array item with its index', () => {
    assert.throws(
      () => parseRecurrence({ frequency: 'month', schedule: { monthDays: '1' } }),
      (e: Error) => /^recurrence\.schedule\.monthDays: must be an integer/.test(e.message),
    );
    assert.throws(
      () => parseRecurrence({ frequency: 'month', schedule: { monthDays: [1, '2'] } }),
      (e: Error) => /^recurrence\.schedule\.monthDays\[1\]: must be an integer/.test(e.message),
    );
  });
  test('monthly occurrences: occurrence optional, duplicates removed', () => {
    assert.deepEqual(
      parseRecurrence({
        frequency: 'month',
        schedule: {
          monthlyOccurrences: [
            { Day: 'Friday', Occurrence: 1 },
            { day: 'friday', occurrence: 1 },
            { day: 'monday' },
          ],
        },
      }).schedule,
      { monthlyOccurrences: [{ day: 'friday', occurrence: 1 }, { day: 'monday' }] },
    );
  });
  test('empty schedule, empty lists and null are no schedule', () => {
    assert.equal(parseRecurrence({ frequency: 'day', schedule: {} }).schedule, undefined);
    assert.equal(
      parseRecurrence({ frequency: 'day', schedule: { hours: [], minutes: [] } }).schedule,
      undefined,
    );
    assert.equal(parseRecurrence({ frequency: 'day', schedule: null }).schedule, undefined);
    assert.equal(parseRecurrence({ frequency: 'day', count: null }).count, undefined);
  });
  test('endTime without an offset is wall-clock in timeZone', () => {
    const r = parseRecurrence({
      frequency: 'day',
      endTime: '2026-07-01T12:00:00',
      timeZone: 'Tokyo Standard Time',
    });
    assert.deepEqual(r.endTime, { ms: Date.parse('2026-07-01T03:00:00Z'), ticks: 0 });
    assert.equal(r.timeZone, 'Tokyo Standard Time');
    assert.equal(
      parseRecurrence({ frequency: 'day', endTime: '2026-07-01T12:00:00' }).endTime?.ms,
      Date.parse('2026-07-01T12:00:00Z'),
    );
  });
  test('rejections name the field', () => {
    assert.throws(
      () => parseRecurrence({ frequency: 'year' }),
      badRequest(/^recurrence\.frequency: 'year' is not supported/),
    );
    assert.throws(
      () => parseRecurrence({ frequency: 'fortnight' }),
      badRequest(/^recurrence\.frequency: unknown value "fortnight"/),
    );
    assert.throws(() => parseRecurrence({ interval: 2 }), badRequest(/^recurrence\.frequency: is required/));
    assert.throws(
      () => parseRecurrence({ frequency: 'day', interval: 1.5 }),
      badRequest(/^recurrence\.interval: must be an integer/),
    );
    assert.throws(
      () => parseRecurrence({ frequency: 'week', schedule: { weekDays: ['funday'] } }),
      badRequest(/^recurrence\.schedule\.weekDays\[0\]: unknown value "funday"/),
    );
    assert.throws(
      () => parseRecurrence({ frequency: 'month', schedule: { monthlyOccurrences: [{ occurrence: 1 }] } }),
      badRequest(/monthlyOccurrences\[0\]\.day: is required/),
    );
    assert.throws(
      () => parseRecurrence({ frequency: 'day', endTime: 'soon' }),
      badRequest(/^recurrence\.endTime: /),
    );
    assert.throws(
      () => parseRecurrence({ frequency: 'day', endTime: '2030-01-01T00:00', timeZone: 'Nowhere' }),
      badRequest(/^recurrence\.timeZone: unknown/),
    );
    assert.throws(() => parseRecurrence('day'), badRequest(/^recurrence: must be an object/));
  });
});

describe('wire recurrence formatting', () => {
  test('member order, lower-case enums, arrays always, occurrence omitted when absent', () => {
    const r = parseRecurrence({
      timeZone: 'Europe/Berlin',
      schedule: { monthlyOccurrences: { day: 'FRIDAY' }, months: 3, hours: 5, minutes: [0] },
      endTime: '2030-01-01T00:00:00.5Z',
      count: 3,
      interval: 2,
      frequency: 'Month',
    });
    const wire = formatRecurrence(r);
    assert.equal(
      JSON.stringify(wire),
      '{"frequency":"month","interval":2,"count":3,"endTime":"2030-01-01T00:00:00.5Z","schedule":{"minutes":[0],"hours":[5],"months":[3],"monthlyOccurrences":[{"day":"friday"}]},"timeZone":"Europe/Berlin"}',
    );
  });
  test('parse(format(r)) is r', () => {
    const r = parseRecurrence({
      frequency: 'week',
      interval: 3,
      schedule: { weekDays: ['sunday', 'monday'], hours: [1, 0] },
    });
    assert.deepEqual(parseRecurrence(formatRecurrence(r)), r);
  });
});
