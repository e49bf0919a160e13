// Claims in a backlog (docs/engine.md, "Claims in a backlog"): once a claim filled its batch, the
// slots freed during that claim's own flight are not claimed at once (a claim as small as its round
// trip is short); the engine waits, starved, until a gather's worth of slots is free.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import type { Store } from '../../../src/ports/store.js';
import { httpDef, openBench, secrets, T0, turn, until } from './harness.js';

const D = T0 + 60_000;
test('in a backlog, slots freed during a full claim wait for a gather of a quarter of the slots', async () => {
  const b = await openBench();
  try {
    for (let i = 0; i < 40; i++) await b.putJob(`j${i}`, httpDef({ startTime: { ms: D, ticks: 0 } }));
    // Every attempt waits until the test lets it finish, in the order they started.
    const release: (() => void)[] = [];
    b.executor.respond = () => new Promise((resolve) => release.push(() => resolve({ ok: true })));
    const finish = (n: number): void => {
      for (const r of release.splice(0, n)) r();
    };

    // The store, with each claim's limit recorded; the third claim frees one slot while in flight.
    const limits: number[] = [];
    const store = new Proxy(b.store, {
      get(target, key) {
        if (key !== 'claimDue') {
          const v: unknown = Reflect.get(target, key, target);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
        return async (...args: Parameters<Store['claimDue']>) => {
          limits.push(args[1]);
          if (limits.length === 3) {
            const held = engine.inFlight;
            finish(1);
            await until(() => engine.inFlight === held - 1, 'the freed slot');
            for (let i = 0; i < 5; i++) await turn();
          }
          return target.claimDue(...args);
        };
      },
    });
    // 16 slots: a quarter is 4; batches of 8. A gather lasts at most 500 ms, far longer than the
    // turns awaited below.
    const engine = new Engine(
      { store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
      { nodeId: 'n', maxConcurrentAttempts: 16, maxPerHost: 16, batchSize: 8, starvedGatherMs: 500 },
    );
    const drive = async (): Promise<void> => {
      b.clock.setTo(D);
      await b.executor.waitForCalls(16);
      assert.deepEqual(limits, [8, 8], 'two full batches fill the 16 slots');

      // Four finish: one claim of 4 (full: the backlog goes on); one more finishes during it.
      finish(4);
      await b.executor.waitForCalls(20);
      for (let i = 0; i < 20; i++) await turn();
      assert.deepEqual(limits, [8, 8, 4], 'no claim for the one slot freed during the claim');

      // The rest run to the end (the gather ends by count or by time, whichever comes first).
      b.executor.respond = () => ({ ok: true });
      finish(release.length);
      await b.executor.waitForCalls(40);
      await engine.settled();
    };
    engine.start();
    try {
      await drive();
    } finally {
      // Whatever failed, no attempt stays held and the engine stops before the store closes.
      b.executor.respond = () => ({ ok: true });
      finish(release.length);
      await engine.stop();
    }
    assert.equal(b.executor.calls.length, 40);
    assert.equal(new Set(b.executor.calls.map((c) => c.ctx.job.jobId)).size, 40);
  } finally {
    await b.close();
  }
});
