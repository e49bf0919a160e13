// A hanging host must not hold every attempt slot of the engine (docs/engine.md, "Fairness"):
// attempts that waited `maxHostWaitMs` for their host while the slots are all held give their
// place back and are redelivered, unchanged, when their lease expires.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Held } from '../../../src/engine/attempt-runner.js';
import { hostsOf, overdueWaiters } from '../../../src/engine/host-wait.js';
import { httpDef, openBench, ref, T0 } from './harness.js';

const D = T0 + 60_000;

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** One event-loop turn: lets every promise chain already started run to its next real wait. */
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Turns until `done()` holds; fails after 10 s of real time (the store's writes are real I/O). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await turn();
  }
}

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

    // The host recovers. The runs that gave their slots back are leased until D + 30 s (claimed at D,
    // not renewed since): they are redelivered then, each runs once, and every job ran exactly once.
    hang.resolve({ ok: true });
    await until(() => b.executor.calls.length === 4 && engine.inFlight === 0, 'the held attempts to finish');
    b.clock.setTo(D + 29_000);
    await engine.settled();
    const early = b.executor.calls.map((c) => c.ctx.job.jobId).sort();
    assert.deepEqual(early, ['a0', 'a4', 'a5', 'b']);
    b.clock.setTo(D + 31_000);
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
