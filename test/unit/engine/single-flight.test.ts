import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/engine/single-flight.js';

test('requests during a run make exactly one more run, never a concurrent one', async () => {
  let running = 0;
  let runs = 0;
  const gates: (() => void)[] = [];
  let ended = 0;
  const f = new SingleFlight(
    async () => {
      running += 1;
      assert.equal(running, 1, 'never two rounds at once');
      runs += 1;
      await new Promise<void>((r) => gates.push(r));
      running -= 1;
      return false;
    },
    () => true,
    () => (ended += 1),
  );
  const flight = f.request();
  assert.equal(f.request(), flight, 'the same flight');
  void f.request();
  gates.shift()?.();
  await new Promise((r) => setImmediate(r));
  assert.equal(runs, 2, 'one more run for both requests');
  gates.shift()?.();
  await flight;
  assert.equal(runs, 2);
  assert.equal(ended, 1);
});

test('a round that left work undone runs again at once, until keepGoing says no', async () => {
  let runs = 0;
  let go = true;
  const f = new SingleFlight(
    () => {
      runs += 1;
      if (runs === 3) go = false;
      return Promise.resolve(true);
    },
    () => go,
  );
  await f.request();
  assert.equal(runs, 3);
});
