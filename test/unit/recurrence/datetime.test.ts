import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDateTime,
  parseDateTime,
  parsePreciseTime,
  toPreciseTime,
} from '../../../src/wire/datetime.js';
import { DomainError } from '../../../src/domain/errors.js';

const ms = (iso: string): number => Date.parse(iso);

describe('wire date-time parsing', () => {
  test('date only is midnight UTC', () => {
    assert.deepEqual(parsePreciseTime('2015-04-08', 'startTime'), {
      ms: ms('2015-04-08T00:00:00Z'),
      ticks: 0,
    });
  });
  test('minutes only, seconds, fraction and offsets', () => {
    assert.equal(parsePreciseTime('2015-04-08T13:05', 'f').ms, ms('2015-04-08T13:05:00Z'));
    assert.equal(parsePreciseTime('2015-04-08T13:05:07Z', 'f').ms, ms('2015-04-08T13:05:07Z'));
    assert.equal(parsePreciseTime('2015-04-08T13:05:07+02:00', 'f').ms, ms('2015-04-08T11:05:07Z'));
    assert.equal(parsePreciseTime('2015-04-08T13:05:07-0130', 'f').ms, ms('2015-04-08T14:35:07Z'));
    assert.deepEqual(parsePreciseTime('2015-07-01T00:01:54.344507', 'f'), {
      ms: ms('2015-07-01T00:01:54.344Z'),
      ticks: 5070,
    });
  });
  test('more than 7 fraction digits are truncated', () => {
    assert.deepEqual(parsePreciseTime('2015-07-01T00:00:00.123456789Z', 'f'), {
      ms: ms('2015-07-01T00:00:00.123Z'),
      ticks: 4567,
    });
  });
  test('no offset keeps the wall-clock fields for the caller', () => {
    const p = parseDateTime('2026-03-29T02:30:00', 'startTime');
    assert.equal(p.offsetMinutes, undefined);
    assert.equal(parseDateTime('2026-03-29T02:30:00Z', 'startTime').offsetMinutes, 0);
    // Berlin: 02:30 does not exist on 2026-03-29 → 03:30 CEST = 01:30Z
    assert.equal(toPreciseTime(p, 'Europe/Berlin').ms, ms('2026-03-29T01:30:00Z'));
    assert.equal(toPreciseTime(p, 'W. Europe Standard Time').ms, ms('2026-03-29T01:30:00Z'));
    assert.equal(toPreciseTime(p).ms, ms('2026-03-29T02:30:00Z'));
    // With an offset the zone does not matter.
    assert.equal(
      toPreciseTime(parseDateTime('2026-01-01T00:00:00+01:00', 'f'), 'Asia/Tokyo').ms,
      ms('2025-12-31T23:00:00Z'),
    );
  });
  for (const bad of [
    '',
    '2015-4-8',
    '2015-02-29',
    '2015-13-01',
    '2015-04-08T24:00',
    '2015-04-08T12:60',
    '2015-04-08T12:00:61',
    '2015-04-08T12',
    '2015-04-08T12:00:00+15:00',
    '2015-04-08 12:00',
    'yesterday',
    '2015-04-08T12:00:00.',
  ]) {
    test(`rejects '${bad}' naming the field`, () => {
      assert.throws(
        () => parseDateTime(bad, 'recurrence.endTime'),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'BadRequest' && e.message.startsWith('recurrence.endTime: '),
      );
    });
  }
  test('rejects non-strings and unknown zones', () => {
    assert.throws(() => parseDateTime(5, 'startTime'), /startTime: must be/);
    assert.throws(
      () => toPreciseTime(parseDateTime('2015-01-01', 'startTime'), 'Mars/Olympus'),
      /recurrence.timeZone: unknown time zone 'Mars\/Olympus'/,
    );
  });
});

describe('wire date-time formatting', () => {
  test('UTC with Z, fraction only when non-zero, trailing zeros removed', () => {
    assert.equal(formatDateTime(ms('2014-01-01T00:00:00.000Z')), '2014-01-01T00:00:00Z');
    assert.equal(
      formatDateTime({ ms: ms('2015-07-01T00:01:54.344Z'), ticks: 5070 }),
      '2015-07-01T00:01:54.344507Z',
    );
    assert.equal(formatDateTime(ms('2015-07-01T00:01:54.5Z')), '2015-07-01T00:01:54.5Z');
    assert.equal(
      formatDateTime({ ms: ms('2015-07-01T00:01:54Z'), ticks: 1 }),
      '2015-07-01T00:01:54.0000001Z',
    );
  });
  test('round-trips 7 digits', () => {
    const text = '2031-12-31T23:59:59.9999999Z';
    assert.equal(formatDateTime(parsePreciseTime(text, 'f')), text);
  });
});

describe('the range of an instant: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.9999999Z', () => {
  // An offset or a zone could carry a written year 0001 or 9999 past either end; the answer then wrote
  // `+010000-…` or `0000-…`, which .NET's DateTime and Python's datetime cannot read, and the job's own
  // document no longer parsed (a PATCH of its state failed on a field the client never sent).
  const refused = (text: string, field: string, tz?: string): void => {
    assert.throws(
      () => (tz ? toPreciseTime(parseDateTime(text, field), tz, 'tz', field) : parsePreciseTime(text, field)),
      (e: unknown) =>
        e instanceof DomainError && e.message.startsWith(`${field}: the instant must fall between`),
      text,
    );
  };
  test('past the end by an offset or a zone: refused, naming the field', () => {
    refused('9999-12-31T23:59:59-14:00', 'recurrence.endTime');
    refused('0001-01-01T00:00:00+14:00', 'startTime');
    refused('9999-12-31T23:59:59', 'recurrence.endTime', 'Pacific/Pago_Pago');
    refused('0001-01-01T05:00:00', 'startTime', 'Asia/Tokyo');
  });
  test('the ends themselves are kept and written back as they came', () => {
    const first = parsePreciseTime('0001-01-01T00:00:00Z', 'f');
    const last = parsePreciseTime('9999-12-31T23:59:59.9999999Z', 'f');
    assert.equal(formatDateTime(first), '0001-01-01T00:00:00Z');
    assert.equal(formatDateTime(last), '9999-12-31T23:59:59.9999999Z');
    assert.equal(formatDateTime(parsePreciseTime('9999-12-31T23:59:59+14:00', 'f')), '9999-12-31T09:59:59Z');
  });
  test('a wall-clock time of years 1–99 in a zone is that year (Date.UTC read them as 1900–1999)', () => {
    const t = toPreciseTime(parseDateTime('0050-06-01T12:00:00', 'startTime'), 'Europe/Berlin');
    assert.equal(formatDateTime(t), '0050-06-01T11:06:32Z', "Berlin's local mean time, +00:53:28");
    const u = toPreciseTime(parseDateTime('0001-01-02T05:00:00', 'startTime'), 'Pacific/Kiritimati');
    assert.equal(formatDateTime(u), '0001-01-02T15:29:20Z', 'local mean time -10:29:20');
  });
});
