// An attempt's one signal (src/executors/net/deadline.ts): the timeout and the cancellation abort it
// once, with the reason the executors report; listeners run once and can be removed; an AbortSignal
// it follows cancels it. It replaced an AbortController per attempt (docs/engine.md "Cost budget").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AttemptCancelledError,
  AttemptTimeoutError,
  Deadline,
  fromAbortSignal,
} from '../../../src/executors/net/deadline.js';
import { ManualClock } from '../../support/manual-clock.js';

/** Read afresh: an assertion on `d.reason` would otherwise narrow its type for the lines after it. */
const reasonOf = (d: Deadline): unknown => d.reason;

test('the timeout aborts with AttemptTimeoutError and calls each listener once; a removed one is not called', () => {
  const clock = new ManualClock(0);
  const d = new Deadline(clock, 30_000);
  const calls: string[] = [];
  d.onAbort(() => calls.push('a'));
  const removeB = d.onAbort(() => calls.push('b'));
  d.onAbort(() => calls.push(`c:${d.aborted}`));
  removeB();
  clock.setTo(29_999);
  assert.equal(d.aborted, false);
  assert.equal(d.reason, undefined);
  clock.setTo(30_000);
  assert.equal(d.aborted, true);
  const reason = reasonOf(d);
  assert.ok(reason instanceof AttemptTimeoutError);
  assert.equal(reason.timeoutMs, 30_000);
  assert.deepEqual(calls, ['a', 'c:true']);
  d.cancel(); // already aborted: no second reason, no second call
  assert.ok(reasonOf(d) instanceof AttemptTimeoutError);
  assert.deepEqual(calls, ['a', 'c:true']);
});

test('cancel aborts with AttemptCancelledError; dispose stops the timer', () => {
  const clock = new ManualClock(0);
  const d = new Deadline(clock, 1_000);
  let called = 0;
  d.onAbort(() => (called += 1));
  d.cancel();
  assert.ok(d.reason instanceof AttemptCancelledError);
  assert.equal(called, 1);
  const e = new Deadline(clock, 1_000);
  e.dispose();
  clock.setTo(5_000);
  assert.equal(e.aborted, false, 'a disposed deadline never times out');
});

test('a followed AbortSignal cancels it, at once when it was already aborted', () => {
  const clock = new ManualClock(0);
  const parent = new AbortController();
  const d = new Deadline(clock, 1_000);
  d.follow(parent.signal);
  assert.equal(d.aborted, false);
  parent.abort();
  assert.ok(d.reason instanceof AttemptCancelledError);
  const aborted = new AbortController();
  aborted.abort();
  const e = new Deadline(clock, 1_000);
  e.follow(aborted.signal);
  assert.equal(e.aborted, true);
});

test('fromAbortSignal: an AbortSignal seen the same way', () => {
  const c = new AbortController();
  const s = fromAbortSignal(c.signal);
  let called = 0;
  const remove = s.onAbort(() => (called += 1));
  const other = s.onAbort(() => (called += 10));
  remove();
  c.abort(new Error('why'));
  assert.equal(s.aborted, true);
  assert.equal((s.reason as Error).message, 'why');
  assert.equal(called, 10);
  void other;
});
