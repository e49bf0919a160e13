import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { utcSecondText } from '../../../src/domain/utc-text.js';
import { formatDateTime } from '../../../src/wire/datetime.js';
import { isoUtcNoZone } from '../../../src/executors/common/time-format.js';

/** What the formatters computed with `Date` before (the oracle). */
const viaDate = (ms: number): string => {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, iso.length - 5);
};

test('utcSecondText equals the head of toISOString, at the edges and anywhere from -9999 to +99999', () => {
  const edges = [
    0, 999, 1000, -1, -1000, -1001, 951_782_400_000 /* 2000-02-29 */, 253_402_300_799_999,
    253_402_300_800_000, -62_167_219_200_000 /* 0000-01-01 */,
    4_102_444_799_999 /* 2099-12-31T23:59:59.999 */,
  ];
  for (const ms of edges) assert.equal(utcSecondText(ms), viaDate(ms), String(ms));
  fc.assert(
    fc.property(fc.integer({ min: -377_705_116_800_000, max: 3_093_527_980_800_000 }), (ms) => {
      assert.equal(utcSecondText(ms), viaDate(ms));
    }),
    { numRuns: 20_000 },
  );
});

test('the wire and header formats built on it keep their shapes', () => {
  assert.equal(formatDateTime(Date.parse('2015-07-01T00:01:54.344Z')), '2015-07-01T00:01:54.344Z');
  assert.equal(
    formatDateTime({ ms: Date.parse('2015-07-01T00:01:54.344Z'), ticks: 5070 }),
    '2015-07-01T00:01:54.344507Z',
  );
  assert.equal(formatDateTime(Date.parse('2014-01-01T00:00:00Z')), '2014-01-01T00:00:00Z');
  assert.equal(formatDateTime({ ms: -1, ticks: 1 }), '1969-12-31T23:59:59.9990001Z');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
      const iso = new Date(ms).toISOString();
      const trimmed = iso.replace(/\.?0*Z$/, '');
      assert.equal(isoUtcNoZone(ms), trimmed);
      assert.equal(formatDateTime(ms), `${trimmed}Z`);
    }),
    { numRuns: 20_000 },
  );
});
