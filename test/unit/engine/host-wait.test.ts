// A hanging host must not hold every attempt slot of the engine (docs/engine.md, "Fairness"):
// attempts that waited `maxHostWaitMs` for their host while the slots are all held give their
// place back and are redelivered, unchanged, when their lease expires.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Held } from '../../../src/engine/attempt-runner.js';
import { hostsOf, overdueWaiters } from '../../../src/engine/host-wait.js';
import { Engine } from '../../../src/engine/engine.js';
import { deferred, httpDef, openBench, ref, secrets, T0, turn, until } from './harness.js';

const D = T0 + 60_000;

test('attempts that waited too long for a hanging host give their slots back: other work runs, and they are redelivered once their lease expires', async () => {
  const b = await openBench();
  const hang = deferred<{ ok: boolean }>();
  try {
    // Six jobs due at D on a host that hangs; one due 5 s later on a healthy host.
    for (let i = 0; i < 6; i++) await b.putJob(`a${i}`, httpDef({}, `http://hang.example/${i}`));
    await b.putJob('b', httpDef({ startTime: { ms: D + 5_000, ticks: 0 } }, 'http://fast.example/'));
    b.executor.respond = (c) => (c.ctx.job.jobId === 'b' ? { ok: true } : hang.promise);
    // Four slots, one per host: a0 runs, a1..a3 wait for the host and hold the other three.
    const engine = b.engine({ maxConcurrentAttempts: 4, maxPerHost: 1, maxHostWaitMs: 2_000 });
    engine.start();
    b.clock.setTo(D);
    await until(() => engine.inFlight === 4 && b.executor.calls.length === 1, 'the slots to fill');
    b.clock.setTo(D + 1_000);
    await until(() => engine.inFlight === 4, 'the first poll');
    assert.equal(engine.inFlight, 4, 'a wait shorter than maxHostWaitMs keeps its slot');

    // b falls due while a1..a3 have waited over 2 s: they give their slots back, b runs at once.
    b.clock.setTo(D + 5_000);
    await until(() => b.executor.calls.some((c) => c.ctx.job.jobId === 'b'), 'b to run');
    assert.equal(b.executor.calls.find((c) => c.ctx.job.jobId === 'b')?.at, D + 5_000);
    assert.deepEqual(
      b.executor.calls.map((c) => c.ctx.job.jobId),
      ['a0', 'b'],
      'no attempt of the hanging host started twice',
    );

    // The host recovers. The runs that gave their slots back are leased until D + 30 s (a1..a3, claimed
    // at D, not renewed since), or D + 35 s (a4, a5: claimed for the stuck host at D + 5 s and given back
    // at once): they are redelivered then, each runs once, and every job ran exactly once.
    hang.resolve({ ok: true });
    await until(() => engine.inFlight === 0, 'the held attempts to finish');
    b.clock.setTo(D + 29_000);
    await engine.settled();
    assert.deepEqual(b.executor.calls.map((c) => c.ctx.job.jobId).sort(), ['a0', 'b']);
    b.clock.setTo(D + 31_000);
    await until(() => b.executor.calls.length === 5, 'a1..a3 to be redelivered');
    await engine.settled();
    b.clock.setTo(D + 36_000);
    await until(() => b.executor.calls.length === 7, 'every job to run');
    const ran = b.executor.calls.map((c) => c.ctx.job.jobId).sort();
    assert.deepEqual(ran, ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b']);
    for (const id of ['a1', 'a2', 'a3']) {
      const call = b.executor.calls.find((c) => c.ctx.job.jobId === id);
      assert.equal(call?.ctx.expectedExecutionTime, D, `${id} keeps its expected time`);
      assert.equal(call?.ctx.retryCount, 0);
    }
    await engine.settled();
    for (const id of ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b'])
      assert.equal((await b.store.listHistory(ref(id), {}, {})).length, 1, `${id}: one history entry`);
    await engine.stop();
  } finally {
    hang.resolve({ ok: true }); // a failed assertion must not leave stop() waiting on the hung attempts
    await b.close();
  }
});

test('overdueWaiters: only while the slots are all but full, only attempts not started, from maxHostWaitMs on', () => {
  const run = (uri: string) => ({ action: { type: 'http', request: { uri } }, actionName: 'MainAction' });
  const held = (since: number, started = false, cancelled = false, uri = 'http://hang.example/') =>
    ({ run: run(uri), since, started, cancelled, attempt: undefined }) as unknown as Held;
  const waiting = held(0);
  const young = held(1_001);
  const running = held(0, true);
  const cancelled = held(0, false, true);
  const all = [waiting, young, running, cancelled];
  const full = { max: 4, held: 4, minFree: 1 };
  assert.deepEqual(overdueWaiters(all, full, 3_000, 2_000), [waiting], 'waited 3 s: overdue; 1.999 s: not');
  assert.deepEqual(overdueWaiters(all, full, 3_001, 2_000), [waiting, young], 'from maxHostWaitMs on');
  assert.deepEqual(overdueWaiters(all, { max: 4, held: 3, minFree: 1 }, 9_000, 2_000), [], 'a slot is free');
  assert.deepEqual(
    overdueWaiters(all, { max: 8, held: 7, minFree: 2 }, 9_000, 2_000).length,
    2,
    'fewer free than minFree',
  );
  assert.deepEqual(hostsOf([waiting, held(0, false, false, 'http://Other.example:81/x')]), [
    'http:hang.example',
    'http:other.example:81',
  ]);
});

test('a hanging host stays stuck: its runs coming back after their lease are given back at once, and other work keeps running', async () => {
  const b = await openBench();
  const hang = deferred<{ ok: boolean }>();
  // Counts the store calls in flight, so the test can wait for the engine to go quiet between two
  // steps of the clock (engine.settled() would wait for the hanging attempt).
  let pending = 0;
  const store = new Proxy(b.store, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        pending += 1;
        return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).finally(() => {
          pending -= 1;
        });
      };
    },
  });
  const quiet = async (): Promise<void> => {
    for (let calm = 0; calm < 5;) {
      await turn();
      calm = pending === 0 ? calm + 1 : 0;
    }
  };
  const engine = new Engine(
    { store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
    // No starved gather: its real-time wait could outlast quiet() and move a claim to the next step.
    { nodeId: 'A', maxConcurrentAttempts: 4, maxPerHost: 1, maxHostWaitMs: 2_000, starvedGatherMs: 0 },
  );
  try {
    // 60 jobs on a host that never answers: without the rule, from D + 30 s on the runs given back
    // come back due (their leases expire) every 2 s, and due runs are claimed before due jobs.
    for (let i = 0; i < 60; i++) await b.putJob(`a${i}`, httpDef({}, `http://hang.example/${i}`));
    await b.putJob('b', httpDef({ startTime: { ms: D + 40_000, ticks: 0 } }, 'http://fast.example/'));
    b.executor.respond = (c) => (c.ctx.job.jobId === 'b' ? { ok: true } : hang.promise);
    engine.start();
    await quiet();
    for (let t = D; t <= D + 45_000; t += 1_000) {
      b.clock.setTo(t);
      await quiet();
    }
    const ran = b.executor.calls.map((c) => [c.ctx.job.jobId, c.at - D]);
    assert.deepEqual(ran, [
      ['a0', 0],
      ['b', 40_000],
    ]);
    assert.ok(engine.inFlight <= 2, `${engine.inFlight} attempts held: the hanging host's runs are not`);
  } finally {
    hang.resolve({ ok: true });
    await engine.stop();
    await b.close();
  }
});
