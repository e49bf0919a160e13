// A failure that repeats (the store down while the engine polls every second and the API answers
// 503) is logged when it begins, once a minute while it lasts, and when it ends — not once per try.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureStreak } from '../../../src/logging/failure-streak.js';
import { StoreUnavailable } from '../../../src/ports/store.js';
import { ManualClock } from '../../support/manual-clock.js';
import { logRecorder } from '../../support/log-recorder.js';

test('a store outage: one warning without a stack, one line a minute with the count, one when it ends', () => {
  const clock = new ManualClock();
  const { logger, lines } = logRecorder();
  const streak = new FailureStreak(logger, clock);
  const down = new StoreUnavailable('database unavailable: connect ECONNREFUSED 127.0.0.1:5432');
  streak.succeeded('the store answers again'); // nothing failed: nothing to say
  assert.equal(lines.length, 0);
  for (let s = 0; s < 150; s++) {
    streak.failed(down, 'reading due times failed', { role: 'engine' });
    clock.advance(1_000);
  }
  assert.deepEqual(
    lines.map((l) => [l.level, l.msg]),
    [
      ['warn', 'reading due times failed'],
      ['warn', 'reading due times failed (still failing)'],
      ['warn', 'reading due times failed (still failing)'],
    ],
  );
  assert.deepEqual(
    lines[0]!.fields,
    { err: down.message, role: 'engine' },
    'the message, not the error object',
  );
  assert.deepEqual(lines[1]!.fields, {
    err: down.message,
    failures: 61,
    failingForMs: 60_000,
    role: 'engine',
  });
  assert.equal(lines[2]!.fields['failures'], 121);
  streak.succeeded('the store answers again');
  assert.deepEqual(lines[3], {
    level: 'info',
    msg: 'the store answers again',
    fields: { failures: 150, failedForMs: 150_000 },
  });
  streak.succeeded('the store answers again');
  assert.equal(lines.length, 4, 'said once');
});

test('anything else is an error with the whole error object; a quiet minute ends a streak', () => {
  const clock = new ManualClock();
  const { logger, lines } = logRecorder();
  const streak = new FailureStreak(logger, clock);
  const bug = new TypeError('x is undefined');
  streak.failed(bug, 'claiming failed');
  clock.advance(10_000);
  streak.failed(bug, 'claiming failed');
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.level, 'error');
  assert.equal(lines[0]!.fields['err'], bug);
  // No failure for a minute: the next one begins a new streak and is logged in full again.
  clock.advance(60_000);
  streak.failed(bug, 'claiming failed');
  assert.deepEqual(
    lines.map((l) => [l.level, l.msg]),
    [
      ['error', 'claiming failed'],
      ['error', 'claiming failed'],
    ],
  );
});
