// EngineSignal.jobsChanged with the job's next due time (src/engine/engine.ts): the engine adds that
// time to its window without reading the store; null adds nothing; without it the window is re-read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import { httpDef, openBench, secrets, T0 } from './harness.js';

test('a due time given with the signal fires on time without a window read; null adds nothing; none re-reads', async () => {
  const b = await openBench();
  let peeks = 0;
  const store = new Proxy(b.store, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (prop === 'peekDue') peeks += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  // A poll far away: only the signals can make the engine look again.
  const engine = new Engine(
    { store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
    { nodeId: 'n1', pollMs: 3_600_000 },
  );
  const advanceTo = async (t: number): Promise<void> => {
    await engine.settled();
    while (b.clock.now() < t) {
      b.clock.setTo(Math.min(t, b.clock.now() + 1_000));
      await engine.settled();
    }
  };
  try {
    engine.start();
    await engine.settled();
    const afterStart = peeks;

    // Stored by another path than the harness's engines; the signal names its due time.
    const soon = await b.putJob('soon', httpDef({ startTime: { ms: T0 + 60_000, ticks: 0 } }));
    engine.jobsChanged(soon.ref, soon.schedule.nextDueAt);
    await advanceTo(T0 + 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.ctx.executionTag !== '', c.at]),
      [[true, T0 + 60_000]],
    );
    assert.equal(peeks, afterStart, 'no read of the window');

    // null: nothing to add and nothing read; the job, due later, waits for a read.
    const later = await b.putJob('later', httpDef({ startTime: { ms: T0 + 120_000, ticks: 0 } }));
    engine.jobsChanged(later.ref, null);
    await advanceTo(T0 + 125_000);
    assert.equal(b.executor.calls.length, 1);
    assert.equal(peeks, afterStart);

    // Without a due time: the window is read again, and the job (due since) fires at once.
    engine.jobsChanged(later.ref);
    await advanceTo(T0 + 126_000);
    assert.equal(peeks, afterStart + 1);
    assert.deepEqual(
      b.executor.calls.map((c) => c.at),
      [T0 + 60_000, T0 + 125_000],
    );
  } finally {
    await engine.stop();
    await b.close();
  }
});
