import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../support/manual-clock.js';

test('ManualClock fires due timers in time order and never early', () => {
  const clock = new ManualClock(1_000);
  const fired: string[] = [];
  clock.setTimer(1_300, () => fired.push(`b@${clock.now()}`));
  clock.setTimer(1_100, () => fired.push(`a@${clock.now()}`));
  const c = clock.setTimer(1_200, () => fired.push('cancelled'));
  c.cancel();
  clock.advance(150);
  assert.deepEqual(fired, ['a@1100']);
  clock.advance(500);
  assert.deepEqual(fired, ['a@1100', 'b@1300']);
  assert.equal(clock.now(), 1_650);
  assert.equal(clock.pendingTimers(), 0);
});
