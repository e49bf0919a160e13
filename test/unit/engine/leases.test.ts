import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import { runJobNow } from '../../../src/app/jobs/run-now.js';
import { Engine } from '../../../src/engine/engine.js';
import { ManualClock } from '../../support/manual-clock.js';
import {
  APP_SETTINGS,
  deferred,
  FakeExecutor,
  httpDef,
  openBench,
  ref,
  secrets,
  T0,
  turn,
} from './harness.js';

const D = T0 + 60_000;

test('crash mid-attempt: the expired lease is redelivered with the same tag and retry count; the stale outcome is ignored', async () => {
  const b = await openBench();
  try {
    await b.putJob('j', httpDef());
    // Node A runs on its own clock that never moves again: its lease is never renewed, as if it died.
    const clockA = new ManualClock(D);
    const execA = new FakeExecutor(clockA);
    const hang = deferred<{ ok: boolean }>();
    execA.respond = () => hang.promise;
    const a = new Engine(
      { store: b.store, clock: clockA, executor: execA, secrets, ids: b.ids },
      { nodeId: 'A', leaseDurationMs: 30_000 },
    );
    a.start();
    await execA.waitForCalls(1);

    b.engine({ nodeId: 'B' }).start();
    await b.advance(D + 29_000 - T0);
    assert.equal(b.executor.calls.length, 0, 'not before the lease expires');
    await b.advance(1_000);
    assert.equal(b.executor.calls.length, 1);
    const [first] = execA.calls;
    const [again] = b.executor.calls;
    assert.ok(first && again);
    assert.equal(again.at, D + 30_000);
    assert.equal(again.ctx.executionTag, first.ctx.executionTag);
    assert.equal(again.ctx.retryCount, 0);
    assert.equal(again.ctx.expectedExecutionTime, D);
    assert.notEqual(again.ctx.clientRequestId, first.ctx.clientRequestId);

    hang.resolve({ ok: false }); // A wakes up late: fenced off
    await a.settled();
    const history = await b.store.listHistory(ref('j'), {}, {});
    assert.equal(history.length, 1, 'one entry for the redelivered attempt');
    assert.equal(history[0]?.status, 'completed');
    const job = await b.store.getJob(ref('j'));
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 0, faultedCount: 0 });
    assert.equal(job?.state, 'completed');
    await a.stop();
  } finally {
    await b.close();
  }
});

test('restart under the same node id: the dead process`s lease is released at start and redelivered at once', async () => {
  const b = await openBench();
  try {
    await b.putJob('j', httpDef());
    // The first process of node A dies mid-attempt (its clock never moves again: no renewal, no outcome).
    const clockA = new ManualClock(D);
    const execA = new FakeExecutor(clockA);
    execA.respond = () => new Promise<{ ok: boolean }>(() => undefined);
    const dead = new Engine(
      { store: b.store, clock: clockA, executor: execA, secrets, ids: b.ids },
      { nodeId: 'A', leaseDurationMs: 30_000 },
    );
    dead.start();
    await execA.waitForCalls(1);

    // Its successor with the same id starts while the lease still has 30 s to run.
    b.clock.setTo(D);
    const restarted = b.engine({ nodeId: 'A', leaseDurationMs: 30_000 });
    restarted.start();
    await b.advance(0);
    assert.equal(b.executor.calls.length, 1, 'redelivered without waiting for the lease');
    assert.equal(b.executor.calls[0]?.at, D);
    assert.equal(b.executor.calls[0]?.ctx.executionTag, execA.calls[0]?.ctx.executionTag);
    const history = await b.store.listHistory(ref('j'), {}, {});
    assert.deepEqual(
      history.map((h) => h.status),
      ['completed'],
    );

    // Another node id does not touch leases it does not own.
    await b.putJob('k', httpDef({ startTime: { ms: D + 10_000, ticks: 0 } }));
    const clockC = new ManualClock(D + 10_000);
    const execC = new FakeExecutor(clockC);
    execC.respond = () => new Promise<{ ok: boolean }>(() => undefined);
    const c = new Engine(
      { store: b.store, clock: clockC, executor: execC, secrets, ids: b.ids },
      { nodeId: 'C', leaseDurationMs: 30_000 },
    );
    c.start();
    await execC.waitForCalls(1);
    const other = b.engine({ nodeId: 'D' });
    other.start();
    await b.advance(10_000);
    assert.equal(
      b.executor.calls.filter((x) => x.ctx.executionTag === execC.calls[0]?.ctx.executionTag).length,
      0,
      'C`s lease is kept until it expires',
    );
  } finally {
    await b.close();
  }
});

test('graceful stop: an attempt that does not finish in the grace period is released and redelivered unchanged', async () => {
  const b = await openBench();
  try {
    await b.putJob('j', httpDef());
    const hang = deferred<{ ok: boolean }>();
    b.executor.respond = (c) =>
      c.ctx.retryCount === 0 && b.executor.calls.length === 1 ? hang.promise : { ok: true };
    const engine = new Engine(
      { store: b.store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
      { nodeId: 'A', stopGraceMs: 5_000 },
    );
    engine.start();
    b.clock.setTo(D);
    await b.executor.waitForCalls(1);
    const stopping = engine.stop();
    b.clock.advance(5_000);
    await stopping;
    assert.deepEqual(await b.store.peekDue(D, 10), [D], 'released: due again at once');
    hang.resolve({ ok: false }); // the interrupted attempt is not recorded as a failure
    await engine.settled();
    assert.deepEqual(await b.store.listHistory(ref('j'), {}, {}), []);

    b.engine({ nodeId: 'B' }).start();
    await b.advance(0);
    const [first, second] = b.executor.calls;
    assert.equal(second?.ctx.executionTag, first?.ctx.executionTag);
    assert.equal(second?.ctx.retryCount, 0);
    assert.equal((await b.store.listHistory(ref('j'), {}, {})).length, 1);
  } finally {
    await b.close();
  }
});

test('graceful stop keeps renewing the leases of the attempts it waits for: a lease shorter than the grace is not redelivered', async () => {
  const b = await openBench();
  try {
    await b.putJob('j', httpDef());
    const execA = new FakeExecutor(b.clock);
    const slow = deferred<{ ok: boolean }>();
    execA.respond = () => slow.promise;
    // A's renewals, awaited after each step: `advance` settles only the bench's own engines, and a
    // renewal's commit waits for a real fsync, so under load B's claim could otherwise run first.
    const renewals: Promise<unknown>[] = [];
    const storeA = new Proxy(b.store, {
      get(target, prop) {
        if (prop === 'extendLeases')
          return (...args: Parameters<typeof target.extendLeases>) => {
            const p = target.extendLeases(...args);
            renewals.push(p);
            return p;
          };
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const a = new Engine(
      { store: storeA, clock: b.clock, executor: execA, secrets, ids: b.ids },
      { nodeId: 'A', leaseDurationMs: 3_000, stopGraceMs: 10_000 },
    );
    a.start();
    b.clock.setTo(D);
    await execA.waitForCalls(1);
    b.engine({ nodeId: 'B', leaseDurationMs: 3_000 }).start();
    const stopping = a.stop();
    // Past two lease durations of waiting: A's renewals keep the lease, so B takes nothing.
    for (let i = 0; i < 7; i++) {
      await b.advance(1_000);
      await Promise.all(renewals);
    }
    assert.ok(renewals.length >= 6, `A renewed at each step (${renewals.length})`);
    assert.equal(b.executor.calls.length, 0, 'not redelivered while the stopping node still runs it');
    slow.resolve({ ok: true });
    await stopping;
    await b.advance(1_000);
    assert.equal(b.executor.calls.length, 0);
    const history = await b.store.listHistory(ref('j'), {}, {});
    assert.equal(history.length, 1);
    assert.equal(history[0]?.status, 'completed');
  } finally {
    await b.close();
  }
});

test('a hanging host holds only its own slots: other hosts keep running', async () => {
  const b = await openBench();
  try {
    await b.putJob('a1', httpDef({}, 'http://slow.example/1'));
    await b.putJob('a2', httpDef({}, 'http://slow.example/2'));
    await b.putJob('b1', httpDef({}, 'http://fast.example/'));
    const hang = deferred<{ ok: boolean }>();
    b.executor.respond = (c) => (c.ctx.job.jobId === 'b1' ? { ok: true } : hang.promise);
    const engine = new Engine(
      { store: b.store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
      { nodeId: 'A', maxPerHost: 1 },
    );
    engine.start();
    b.clock.setTo(D);
    await b.executor.waitForCalls(2);
    // b1's outcome is recorded a turn or two later (outcomes are batched per event-loop turn).
    // Poll with a deadline rather than a fixed number of turns: on a loaded machine the outcome
    // writer's transaction can take longer than a hundred turns.
    const deadline = Date.now() + 10_000;
    while ((await b.store.listHistory(ref('b1'), {}, {})).length === 0 && Date.now() < deadline) await turn();
    assert.deepEqual(b.executor.calls.map((c) => c.ctx.job.jobId).sort(), ['a1', 'b1']);
    assert.equal((await b.store.listHistory(ref('b1'), {}, {})).length, 1);
    hang.resolve({ ok: true });
    await b.executor.waitForCalls(3);
    assert.equal(b.executor.calls[2]?.ctx.job.jobId, 'a2');
    await engine.settled();
    await engine.stop();
  } finally {
    await b.close();
  }
});

test('retention: newest N entries and an age limit per job; finished jobs are deleted after their retention', async () => {
  const b = await openBench();
  try {
    await b.putJob('r', httpDef({ recurrence: { frequency: 'minute', interval: 1 } }));
    await b.putJob('once', httpDef());
    const engine = b.engine({
      historyMaxEntries: 3,
      historyMaxAgeMs: 100_000,
      finishedJobRetentionMs: 600_000,
      retentionIntervalMs: 86_400_000,
    });
    engine.start();
    await b.advance(5 * 60_000, 10_000); // r ran at D .. D+4 min; once completed at D
    assert.equal((await b.store.listHistory(ref('r'), {}, {})).length, 5);
    const report = await engine.runRetention();
    const kept = await b.store.listHistory(ref('r'), {}, {});
    assert.deepEqual(
      kept.map((h) => h.expectedExecutionTime),
      [D + 4 * 60_000, D + 3 * 60_000],
      'the newest 3, minus those older than 100 s',
    );
    assert.equal(report.jobsDeleted, 0);
    await b.advance(7 * 60_000, 60_000);
    assert.equal((await engine.runRetention()).jobsDeleted, 1);
    assert.equal(await b.store.getJob(ref('once')), undefined);
    assert.ok(await b.store.getJob(ref('r')));
  } finally {
    await b.close();
  }
});

test('retention sweeps between full walks trim only jobs that recorded lately; the hourly full walk ages out the rest', async () => {
  const b = await openBench();
  try {
    await b.putJob('busy', httpDef({ recurrence: { frequency: 'minute', interval: 1 } }));
    await b.putJob('ended', httpDef({ recurrence: { frequency: 'minute', interval: 1, count: 3 } }));
    const engine = b.engine({
      historyMaxEntries: 2,
      historyMaxAgeMs: 10 * 60_000,
      historyFullSweepMs: 3_600_000,
      finishedJobRetentionMs: 86_400_000,
      retentionIntervalMs: 86_400_000, // swept by hand below
    });
    engine.start();
    const count = async (id: string): Promise<number> => (await b.store.listHistory(ref(id), {}, {})).length;
    await b.advance(3 * 60_000, 10_000); // both ran at D, D+1 min, D+2 min; 'ended' is completed
    assert.deepEqual([await count('busy'), await count('ended')], [3, 3]);

    const first = await engine.runRetention();
    assert.equal(first.full, true, 'the first sweep walks every job');
    assert.deepEqual([await count('busy'), await count('ended')], [2, 2]);

    await b.advance(20 * 60_000, 60_000);
    const second = await engine.runRetention();
    assert.equal(second.full, false, 'within the hour: incremental');
    assert.equal(await count('busy'), 2, 'the job that ran is trimmed');
    assert.equal(await count('ended'), 2, 'older than 10 min, but not visited until the next full walk');

    await b.advance(40 * 60_000, 60_000);
    const third = await engine.runRetention();
    assert.equal(third.full, true, 'an hour after the last full walk');
    assert.equal(await count('ended'), 0, 'aged out by the full walk');
    assert.equal(await count('busy'), 2);
  } finally {
    await b.close();
  }
});

test('run-now: an extra occurrence runs at once without moving the grid; finished or missing jobs are refused', async () => {
  const b = await openBench();
  try {
    await b.putJob('r', httpDef({ recurrence: { frequency: 'hour', interval: 1 } }));
    await b.putJob('done', httpDef({ startTime: { ms: T0 - 60_000, ticks: 0 } }));
    const engine = b.engine();
    engine.start();
    await b.advance(0);
    assert.equal((await b.store.getJob(ref('done')))?.state, 'completed');
    const deps = {
      store: b.store,
      clock: b.clock,
      ids: b.ids,
      secrets,
      pfx: { certificateOf: () => assert.fail('not used') },
      engine,
      settings: APP_SETTINGS,
    };
    b.clock.setTo(T0 + 10_000);
    const started = await runJobNow(deps, ref('R'));
    assert.equal(started.repeatCount, 1);
    assert.equal(started.expectedExecutionTime, T0 + 10_000);
    await b.advance(0);
    const calls = b.executor.calls.filter((c) => c.ctx.job.jobId === 'r');
    assert.deepEqual(
      calls.map((c) => [c.at, c.ctx.executionTag, c.ctx.expectedExecutionTime]),
      [[T0 + 10_000, started.executionTag, T0 + 10_000]],
    );
    const job = await b.store.getJob(ref('r'));
    assert.equal(job?.schedule.nextDueAt, D);
    assert.equal(job?.counters.executionCount, 1);
    assert.equal(job?.state, 'enabled');
    await assert.rejects(
      runJobNow(deps, ref('done')),
      (e: unknown) => e instanceof DomainError && e.code === 'ConflictError',
    );
    await assert.rejects(
      runJobNow(deps, ref('nope')),
      (e: unknown) => e instanceof DomainError && e.code === 'ResourceNotFound',
    );
    await b.advance(50_000);
    assert.equal(
      (await b.store.listHistory(ref('r'), {}, {}))[0]?.repeatCount,
      2,
      'the grid occurrence takes the next number',
    );
  } finally {
    await b.close();
  }
});

test('stop waits for the retention step in progress and starts no further store call (the store closes next)', async () => {
  const b = await openBench();
  try {
    const step = deferred<void>();
    const entered = deferred<void>();
    let stopped = false;
    const after: string[] = [];
    // The bench's store, with pruneHistory held open and every call after stop() noted.
    const store = new Proxy(b.store, {
      get(target, name, receiver) {
        const v = Reflect.get(target, name, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (stopped) after.push(String(name));
          const out = (v as (...a: unknown[]) => unknown).apply(target, args);
          if (name !== 'pruneHistory') return out;
          entered.resolve();
          return step.promise.then(() => out);
        };
      },
    });
    const engine = new Engine(
      { store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
      { nodeId: 'A', retentionIntervalMs: 60_000 },
    );
    engine.start();
    // The sweep's timer is set once start() has released this node's leases: a real round trip on
    // PostgreSQL, so awaited (a counted turn let the clock move before the timer existed).
    await engine.settled();
    b.clock.advance(60_000); // the sweep starts and waits inside pruneHistory
    // Awaited, not counted in turns: the sweep's store calls before it may wait on real I/O.
    await entered.promise;
    let done = false;
    const stopping = engine.stop().then(() => (done = true));
    for (let i = 0; i < 20; i++) await turn();
    assert.equal(done, false, 'stop() waits for the sweep step in progress');
    step.resolve();
    await stopping;
    stopped = true;
    await engine.settled();
    for (let i = 0; i < 20; i++) await turn();
    assert.deepEqual(after, [], 'no store call after stop() resolved');
  } finally {
    await b.close();
  }
});

test('a starved engine waits only briefly for more freed slots: with most slots held by a hanging host, other jobs still run', async () => {
  const b = await openBench();
  try {
    // 7 attempts hang on one host; 8 slots in all, so after the first fast job only one slot frees
    // at a time — fewer than the quarter a starved engine prefers to gather before claiming.
    for (let i = 0; i < 7; i++)
      await b.putJob(`a${i}`, httpDef({ startTime: { ms: D, ticks: 0 } }, `http://hang.example/${i}`));
    for (let i = 0; i < 3; i++)
      await b.putJob(`b${i}`, httpDef({ startTime: { ms: D + 1 + i, ticks: 0 } }, 'http://fast.example/'));
    const hang = deferred<{ ok: boolean }>();
    b.executor.respond = (c) => (c.ctx.job.jobId.startsWith('a') ? hang.promise : { ok: true });
    const engine = b.engine({ maxConcurrentAttempts: 8, maxPerHost: 8 });
    engine.start();
    b.clock.setTo(D + 10);
    await b.executor.waitForCalls(10);
    assert.deepEqual(
      b.executor.calls.filter((c) => c.ctx.job.jobId.startsWith('b')).map((c) => c.ctx.job.jobId),
      ['b0', 'b1', 'b2'],
    );
    hang.resolve({ ok: true });
    await engine.settled();
    await engine.stop();
  } finally {
    await b.close();
  }
});
