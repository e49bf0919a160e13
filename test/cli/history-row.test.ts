// The LATE column of `takt history` (and the dashboard's, through the same rule): lateness is the
// first attempt's start minus its due time; a retry or the error action carries the occurrence's
// expected time too but starts when the retry policy says, so it shows no lateness. And how the
// tables show wire times.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyRow, HISTORY_HEADERS } from '../../src/cli/commands/history.js';
import { showsLateness } from '../../src/domain/history.js';
import { displayTime } from '../../src/cli/output/display-time.js';

const LATE = HISTORY_HEADERS.indexOf('LATE');
const entry = (retryCount: number, actionName: string, startTime: string) => ({
  jobId: 'flaky',
  timestamp: startTime,
  startTime,
  endTime: startTime,
  expectedExecutionTime: '2026-12-06T11:05:54.827Z',
  state: 'enabled',
  status: 'failed',
  message: 'Http Action - Request to host ...',
  retryCount,
  repeatCount: 1,
  actionName,
});

test('LATE: the first attempt of the main action shows start minus due; retries and the error action show -', () => {
  assert.equal(historyRow(entry(0, 'MainAction', '2026-12-06T11:05:54.829Z'))[LATE], '2 ms');
  assert.equal(historyRow(entry(1, 'MainAction', '2026-12-06T11:06:09.833Z'))[LATE], '-');
  assert.equal(historyRow(entry(0, 'ErrorAction', '2026-12-06T11:06:24.900Z'))[LATE], '-');
  // An entry without the optional members reads as a first attempt of the main action.
  const { retryCount: _r, actionName: _a, ...bare } = entry(0, 'MainAction', '2026-12-06T11:05:55.827Z');
  assert.equal(historyRow(bare)[LATE], '1.0 s');
});

test('showsLateness: only retryCount 0 of the MainAction', () => {
  assert.equal(showsLateness({ retryCount: 0, actionName: 'MainAction' }), true);
  assert.equal(showsLateness({ retryCount: 2, actionName: 'MainAction' }), false);
  assert.equal(showsLateness({ retryCount: 0, actionName: 'ErrorAction' }), false);
});

test('times in the tables: a fraction shorter than milliseconds is padded, others shown as written', () => {
  const START = HISTORY_HEADERS.indexOf('START');
  assert.equal(
    historyRow(entry(0, 'MainAction', '2026-12-06T11:28:17.77Z'))[START],
    '2026-12-06T11:28:17.770Z',
  );
  assert.equal(displayTime('2026-12-06T11:28:17.7Z'), '2026-12-06T11:28:17.700Z');
  assert.equal(displayTime('2026-12-06T11:28:17.776Z'), '2026-12-06T11:28:17.776Z');
  assert.equal(displayTime('2026-12-07T08:30:00Z'), '2026-12-07T08:30:00Z');
  assert.equal(displayTime('2027-01-01T00:00:00.1234567Z'), '2027-01-01T00:00:00.1234567Z');
  assert.equal(displayTime('2027-01-01T09:00:00.5+01:00'), '2027-01-01T09:00:00.500+01:00');
  assert.equal(displayTime(undefined), '');
});
