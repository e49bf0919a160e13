// Month schedules whose slots lie years apart (src/domain/recurrence/sparse-months.ts jumps over the
// empty months with a table over the 400-year Gregorian cycle). Checked against a day-by-day scan
// with the independent wall-clock oracle (wall-oracle.ts) over 175 years.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextOccurrence, type Recurrence } from '../../../src/domain/recurrence/index.js';
import { iso } from './helpers.js';
import { isOccurrence } from './wall-oracle.js';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 1, 10, 6, 0, 0); // Tuesday 2026-02-10 06:00
const END = Date.UTC(2201, 0, 1);

/** Every occurrence in [ANCHOR, END] by scanning each day at 06:00 (the only time of these schedules). */
function scanned(r: Recurrence): string[] {
  const out: string[] = [];
  for (let t = ANCHOR; t <= END; t += DAY) if (isOccurrence(r, ANCHOR, t)) out.push(iso(t));
  return out;
}

function followed(r: Recurrence): string[] {
  const out: string[] = [];
  for (
    let t = nextOccurrence(r, ANCHOR, ANCHOR - 1);
    t !== undefined && t <= END;
    t = nextOccurrence(r, ANCHOR, t)
  )
    out.push(iso(t));
  return out;
}

const at6 = { hours: [6], minutes: [0] };

describe('sparse month schedules', () => {
  test('a fifth (and fifth-last) Friday in February: 2036, 2064, 2092, 2104 … (a 40-year gap ends it after 2188)', () => {
    for (const [occurrence, day] of [
      [5, 29],
      [-5, 1],
    ] as const) {
      const r: Recurrence = {
        frequency: 'month',
        interval: 1,
        schedule: { ...at6, months: [2], monthlyOccurrences: [{ day: 'friday', occurrence }] },
      };
      const expected = scanned(r);
      const d = String(day).padStart(2, '0');
      assert.deepEqual(
        expected.slice(0, 4),
        [2036, 2064, 2092, 2104].map((y) => `${y}-02-${d}T06:00:00Z`),
      );
      assert.deepEqual(followed(r), expected);
      // 2188 → 2228 is longer than one search looks ahead (30 years): the pattern counts as ended.
      assert.equal(nextOccurrence(r, ANCHOR, Date.UTC(2188, 1, day, 6)), undefined);
    }
  });

  test('February 29 every 5 months from February 2026: only every 20 years', () => {
    const r: Recurrence = {
      frequency: 'month',
      interval: 5,
      schedule: { ...at6, monthDays: [29], months: [2] },
    };
    const expected = scanned(r);
    assert.deepEqual(expected.slice(0, 3), [
      '2036-02-29T06:00:00Z',
      '2056-02-29T06:00:00Z',
      '2076-02-29T06:00:00Z',
    ]);
    assert.deepEqual(followed(r), expected);
  });

  test('yearly from February, day −29: leap years, with the 8-year gap around 2100', () => {
    const r: Recurrence = { frequency: 'month', interval: 12, schedule: { ...at6, monthDays: [-29] } };
    const expected = scanned(r);
    assert.ok(
      expected.includes('2096-02-01T06:00:00Z') &&
        expected.includes('2104-02-01T06:00:00Z') &&
        !expected.some((t) => t.startsWith('2100')),
    );
    assert.deepEqual(followed(r), expected);
  });

  test('every 3 months, fifth Sundays in February and May, and 31sts in a 7-month orbit', () => {
    const fifthSunday: Recurrence = {
      frequency: 'month',
      interval: 3,
      schedule: { ...at6, months: [2, 5], monthlyOccurrences: [{ day: 'sunday', occurrence: 5 }] },
    };
    const thirtyFirst: Recurrence = {
      frequency: 'month',
      interval: 7,
      schedule: { ...at6, monthDays: [31] },
    };
    for (const r of [fifthSunday, thirtyFirst]) {
      const expected = scanned(r);
      assert.ok(expected.length > 10, JSON.stringify(r));
      assert.deepEqual(followed(r), expected, JSON.stringify(r));
    }
  });
});
