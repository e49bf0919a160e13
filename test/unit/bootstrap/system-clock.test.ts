import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SystemClock } from '../../../src/bootstrap/system-clock.js';

const clock = new SystemClock();

test('a timer already due never fires inside setTimer, but fires right after', async () => {
  let handle: unknown;
  let sawHandle: unknown = 'not called';
  const fired = new Promise<void>((resolve) => {
    handle = clock.setTimer(clock.now() - 1, () => {
      sawHandle = handle; // the engine's timer callback reads its own handle like this
      resolve();
    });
  });
  assert.equal(sawHandle, 'not called', 'not called synchronously');
  await fired;
  assert.equal(sawHandle, handle);
});

test('a cancelled due timer does not fire; a future one fires at or after its time', async () => {
  let cancelledFired = false;
  clock.setTimer(clock.now(), () => (cancelledFired = true)).cancel();
  const at = clock.now() + 20;
  const firedAt = await new Promise<number>((resolve) => clock.setTimer(at, () => resolve(clock.now())));
  assert.ok(firedAt >= at, `fired at ${firedAt}, due ${at}`);
  assert.equal(cancelledFired, false);
});
