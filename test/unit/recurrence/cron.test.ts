// Cron → Azure recurrence: the translation fires exactly when cron does (checked against a direct
// cron matcher over two months of minutes), and expressions without an equivalent are refused
// with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cronToRecurrence,
  nextOccurrences,
  validateRecurrence,
  type Recurrence,
} from '../../../src/domain/recurrence/index.js';
import { isDomainError } from '../../../src/domain/errors.js';

const FROM = Date.UTC(2027, 0, 1);
const TO = Date.UTC(2027, 2, 1);

/** A deliberately plain matcher for the subset used below (numbers, ranges, steps, lists, L, d#n). */
function cronMatches(expr: string, t: number): boolean {
  const d = new Date(t);
  const [mi, ho, dom, mo, dow] = expr.split(' ') as [string, string, string, string, string];
  const inField = (f: string, v: number, max: number, min = 0) =>
    f === '*' ||
    f.split(',').some((p) => {
      const [r, s] = p.split('/');
      const step = s ? Number(s) : 1;
      const [lo, hi] =
        r === '*'
          ? [min, max]
          : r!.includes('-')
            ? r!.split('-').map(Number)
            : [Number(r), s ? max : Number(r)];
      return v >= lo! && v <= hi! && (v - lo!) % step === 0;
    });
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  const dayOk =
    dom === 'L'
      ? d.getUTCDate() === lastDay
      : dow.includes('#')
        ? d.getUTCDay() === Number(dow.split('#')[0]) &&
          Math.ceil(d.getUTCDate() / 7) === Number(dow.split('#')[1])
        : inField(dom, d.getUTCDate(), 31, 1) && inField(dow, d.getUTCDay(), 6);
  return (
    inField(mi, d.getUTCMinutes(), 59) &&
    inField(ho, d.getUTCHours(), 23) &&
    inField(mo, d.getUTCMonth() + 1, 12, 1) &&
    dayOk
  );
}

function firings(r: Recurrence, limit: number): number[] {
  return nextOccurrences(r, FROM, FROM - 1, limit).filter((t) => t < TO);
}

describe('cronToRecurrence', () => {
  for (const expr of [
    '30 9 * * 1-5',
    '0,30 9-17 * * 1-5',
    '*/15 * * * *',
    '0 */6 * * *',
    '0 0 1 * *',
    '15 3 L * *',
    '0 12 * * 5#2',
    '* 9 * * 0',
    '5 4 * 2 *',
    '0 0 */10 * *',
  ]) {
    test(`'${expr}' fires exactly when cron does`, () => {
      const r = cronToRecurrence(expr) as Recurrence;
      validateRecurrence({ recurrence: r }, { now: FROM, endTimeWritten: false });
      const expected: number[] = [];
      for (let t = FROM; t < TO; t += 60_000) if (cronMatches(expr, t)) expected.push(t);
      assert.deepEqual(firings(r, expected.length + 5), expected);
    });
  }

  test('shapes: every minute, week days by name, macros', () => {
    assert.deepEqual(cronToRecurrence('* * * * *'), { frequency: 'minute', interval: 1 });
    assert.deepEqual(cronToRecurrence('30 9 * * mon-fri'), {
      frequency: 'week',
      interval: 1,
      schedule: {
        minutes: [30],
        hours: [9],
        weekDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      },
    });
    assert.deepEqual(cronToRecurrence('@daily'), {
      frequency: 'day',
      interval: 1,
      schedule: { minutes: [0], hours: [0] },
    });
    assert.deepEqual(cronToRecurrence('0 8 * * 7').schedule?.weekDays, ['sunday']);
  });

  for (const [expr, why] of [
    ['0 9 1 * 1', /either matches/],
    ['0 0 9 * * *', /seconds field/],
    ['0 9 * *', /needs 5 fields/],
    ['61 * * * *', /minute '61' is not a value 0\.\.59/],
    ['0 5-2 * * *', /runs backwards/],
    ['@every5m', /unknown macro/],
  ] as const) {
    test(`refuses '${expr}' naming why`, () => {
      assert.throws(
        () => cronToRecurrence(expr),
        (e) =>
          isDomainError(e) &&
          e.code === 'BadRequest' &&
          e.message.startsWith('cron: ') &&
          why.test(e.message),
      );
    });
  }
});
