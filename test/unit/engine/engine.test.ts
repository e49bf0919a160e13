import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RetryPolicy } from '../../../src/domain/job.js';
import { UNDECRYPTABLE_MESSAGE } from '../../../src/engine/attempt.js';
import { Engine } from '../../../src/engine/engine.js';
import { httpDef, openBench, ref, secrets, T0, withErrorAction } from './harness.js';

const D = T0 + 60_000;
const fixed = (seconds: number, count: number): RetryPolicy => ({
  retryType: 'fixed',
  retryInterval: seconds * 10_000_000,
  retryCount: count,
});
const HEX32 = /^[0-9a-f]{32}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('an occurrence runs at its due time, never before, with its tag, a fresh request id and opened secrets', async () => {
  const b = await openBench();
  try {
    await b.putJob(
      'j1',
      httpDef({
        action: {
          type: 'http',
          request: {
            uri: 'http://a.example/',
            method: 'GET',
            headers: [],
            authentication: { type: 'Basic', username: 'u', password: 'pw' },
          },
        },
        recurrence: { frequency: 'minute', interval: 1 },
      }),
    );
    b.engine().start();
    await b.advance(59_000);
    assert.equal(b.executor.calls.length, 0, 'nothing before the due time');
    await b.advance(1_000);
    assert.equal(b.executor.calls.length, 1);
    const [call] = b.executor.calls;
    assert.ok(call);
    assert.equal(call.at, D);
    assert.match(call.ctx.executionTag, HEX32);
    assert.match(call.ctx.clientRequestId, GUID);
    assert.equal(call.ctx.expectedExecutionTime, D);
    assert.equal(call.ctx.region, 'West Europe');
    assert.equal(call.ctx.retryCount, 0);
    assert.equal(call.ctx.actionName, 'MainAction');
    assert.deepEqual(call.ctx.job, ref('j1'));
    assert.equal(
      call.action.type === 'http' &&
        call.action.request.authentication?.type === 'Basic' &&
        call.action.request.authentication.password,
      'pw',
    );

    await b.advance(60_000);
    assert.equal(b.executor.calls.length, 2);
    assert.equal(b.executor.calls[1]?.at, D + 60_000);
    assert.notEqual(b.executor.calls[1]?.ctx.executionTag, call.ctx.executionTag);

    const job = await b.store.getJob(ref('j1'));
    assert.deepEqual(job?.counters, { executionCount: 2, failureCount: 0, faultedCount: 0 });
    assert.equal(job?.schedule.repeatCount, 2);
    assert.equal(job?.schedule.lastExecutionTime, D + 60_000);
    assert.equal(job?.schedule.nextDueAt, D + 120_000);
    const history = await b.store.listHistory(ref('j1'), {}, {});
    assert.deepEqual(
      history.map((h) => [
        h.repeatCount,
        h.retryCount,
        h.status,
        h.state,
        h.expectedExecutionTime,
        h.startTime,
        h.message,
      ]),
      [
        [2, 0, 'completed', 'enabled', D + 60_000, D + 60_000, 'ok'],
        [1, 0, 'completed', 'enabled', D, D, 'ok'],
      ],
    );
  } finally {
    await b.close();
  }
});

test('retries follow the policy from the end of each attempt; the last failure faults the job and runs the error action with its own policy', async () => {
  const b = await openBench();
  try {
    await b.putJob(
      'once',
      httpDef({
        action: {
          type: 'http',
          request: { uri: 'http://main.example/', method: 'GET', headers: [] },
          retryPolicy: fixed(15, 2),
          errorAction: {
            type: 'http',
            request: { uri: 'http://err.example/', method: 'POST', headers: [] },
            retryPolicy: fixed(20, 1),
          },
        },
      }),
    );
    let errorCalls = 0;
    b.executor.respond = (c) => {
      if (c.ctx.actionName === 'ErrorAction')
        return { ok: ++errorCalls > 1, message: `error action ${errorCalls}` };
      b.clock.advance(2_000); // the attempt takes 2 s
      return { ok: false, message: `main ${c.ctx.retryCount}` };
    };
    b.engine().start();
    await b.advance(120_000);
    const calls = b.executor.calls.map((c) => [c.ctx.actionName, c.ctx.retryCount, c.at]);
    assert.deepEqual(calls, [
      ['MainAction', 0, D],
      ['MainAction', 1, D + 2_000 + 15_000],
      ['MainAction', 2, D + 2 * (2_000 + 15_000)],
      ['ErrorAction', 0, D + 3 * 2_000 + 2 * 15_000],
      ['ErrorAction', 1, D + 3 * 2_000 + 2 * 15_000 + 20_000],
    ]);
    const tags = new Set(b.executor.calls.map((c) => c.ctx.executionTag));
    assert.equal(tags.size, 1, 'one tag for the whole occurrence');
    assert.equal(
      new Set(b.executor.calls.map((c) => c.ctx.clientRequestId)).size,
      5,
      'a new request id per attempt',
    );

    const job = await b.store.getJob(ref('once'));
    assert.equal(job?.state, 'faulted');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 3, faultedCount: 1 });
    const history = await b.store.listHistory(ref('once'), {}, {});
    assert.deepEqual(
      history.map((h) => [h.actionName, h.retryCount, h.status, h.state, h.message]),
      [
        ['ErrorAction', 1, 'completed', 'faulted', 'error action 2'],
        ['ErrorAction', 0, 'failed', 'faulted', 'error action 1'],
        ['MainAction', 2, 'failed', 'faulted', 'main 2'],
        ['MainAction', 1, 'failed', 'enabled', 'main 1'],
        ['MainAction', 0, 'failed', 'enabled', 'main 0'],
      ],
    );
    assert.ok(history.every((h) => h.expectedExecutionTime === D && h.repeatCount === 1));
  } finally {
    await b.close();
  }
});

test('the error action without a policy retries with the main action`s; success after a failure completes a one-time job', async () => {
  const b = await openBench();
  try {
    await b.putJob('e', withErrorAction());
    await b.putJob(
      'ok',
      httpDef({
        action: { type: 'http', request: { uri: 'http://ok.example/', method: 'GET', headers: [] } },
      }),
    );
    let okTries = 0;
    b.executor.respond = (c) => {
      const uri = c.action.type === 'http' ? c.action.request.uri : '';
      if (uri === 'http://ok.example/') return { ok: ++okTries > 1 };
      return { ok: false };
    };
    b.engine().start();
    await b.advance(120_000);
    const err = b.executor.calls.filter((c) => c.ctx.job.jobId === 'e').map((c) => c.ctx.actionName);
    assert.deepEqual(err, ['MainAction', 'ErrorAction'], 'retryType none applies to the error action too');
    const e = await b.store.getJob(ref('e'));
    assert.equal(e?.state, 'faulted');
    const ok = await b.store.getJob(ref('ok'));
    assert.equal(ok?.state, 'completed');
    assert.deepEqual(ok?.counters, { executionCount: 1, failureCount: 1, faultedCount: 0 });
    assert.equal(ok?.finishedAt, D + 30_000);
  } finally {
    await b.close();
  }
});

test('catch-up coalesce: missed occurrences become one run due at the earliest, after a postponed entry', async () => {
  const b = await openBench();
  try {
    await b.putJob('m', httpDef({ recurrence: { frequency: 'minute', interval: 5 } }));
    b.clock.setTo(D + 17 * 60_000); // Takt was down
    b.engine().start();
    await b.advance(0);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.at, c.ctx.expectedExecutionTime]),
      [[D + 17 * 60_000, D]],
    );
    const history = await b.store.listHistory(ref('m'), {}, {});
    assert.deepEqual(
      history.map((h) => [
        h.status,
        h.repeatCount,
        h.retryCount,
        h.actionName,
        h.expectedExecutionTime,
        h.startTime,
        h.endTime,
      ]),
      [
        ['completed', 1, 0, 'MainAction', D, D + 17 * 60_000, D + 17 * 60_000],
        ['postponed', 1, 0, 'MainAction', D, D + 17 * 60_000, D + 17 * 60_000],
      ],
    );
    assert.equal(
      history[1]?.message,
      'Postponed - The occurrence due at 2026-03-02T02:01:00Z could not run on time; 4 missed occurrence(s) were combined into this run.',
    );
    const job = await b.store.getJob(ref('m'));
    assert.equal(job?.counters.executionCount, 1);
    assert.equal(job?.schedule.nextDueAt, D + 20 * 60_000);
  } finally {
    await b.close();
  }
});

test('catch-up skip: missed occurrences of a recurring job are dropped without history', async () => {
  const b = await openBench();
  try {
    await b.putJob('m', httpDef({ recurrence: { frequency: 'minute', interval: 5 } }));
    b.clock.setTo(D + 17 * 60_000);
    b.engine({ catchUp: 'skip' }).start();
    await b.advance(0);
    assert.equal(b.executor.calls.length, 0);
    assert.deepEqual(await b.store.listHistory(ref('m'), {}, {}), []);
    assert.equal((await b.store.getJob(ref('m')))?.schedule.nextDueAt, D + 20 * 60_000);
    await b.advance(3 * 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => c.at),
      [D + 20 * 60_000],
    );
  } finally {
    await b.close();
  }
});

test('disabled jobs and jobs of suspended collections do not run', async () => {
  const b = await openBench();
  try {
    await b.putJob('off', httpDef({ state: 'disabled' }));
    await b.putJob('p', httpDef(), 'paused');
    b.engine().start();
    await b.advance(120_000, 10_000);
    assert.equal(b.executor.calls.length, 0);
  } finally {
    await b.close();
  }
});

test('an in-flight occurrence keeps the definition it started with; a write applies from the next occurrence', async () => {
  const b = await openBench();
  try {
    await b.putJob(
      'w',
      httpDef({
        action: {
          type: 'http',
          request: { uri: 'http://old.example/', method: 'GET', headers: [] },
          retryPolicy: fixed(15, 1),
        },
        recurrence: { frequency: 'minute', interval: 1 },
      }),
    );
    b.executor.respond = (c) => ({ ok: c.ctx.retryCount > 0 || c.at > D });
    b.engine().start();
    await b.advance(60_000);
    const stored = await b.store.getJob(ref('w'));
    assert.ok(stored);
    const action = {
      type: 'http',
      request: { uri: 'http://new.example/', method: 'GET', headers: [] },
    } as const;
    await b.store.updateJob({
      ...stored,
      definition: { ...stored.definition, action },
      version: stored.version + 1,
    });
    await b.advance(60_000);
    const uris = b.executor.calls.map((c) => [
      c.action.type === 'http' ? c.action.request.uri : '',
      c.ctx.retryCount,
      c.at,
    ]);
    assert.deepEqual(uris, [
      ['http://old.example/', 0, D],
      ['http://old.example/', 1, D + 15_000],
      ['http://new.example/', 0, D + 60_000],
    ]);
  } finally {
    await b.close();
  }
});

test('a job whose secrets cannot be decrypted faults with a clear message; other jobs still run', async () => {
  const b = await openBench();
  try {
    const job = await b.putJob('bad', httpDef());
    const broken = {
      ...job.definition,
      action: {
        ...job.definition.action,
        type: 'storageQueue',
        queueMessage: { storageAccount: 'acc', queueName: 'jobs', sasToken: 'garbage', message: 'm' },
      },
    } as unknown as typeof job.definition;
    await b.store.updateJob({ ...job, definition: broken, version: 2 });
    await b.putJob('good', httpDef());
    b.engine().start();
    await b.advance(60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => c.ctx.job.jobId),
      ['good'],
    );
    const bad = await b.store.getJob(ref('bad'));
    assert.equal(bad?.state, 'faulted');
    const [entry] = await b.store.listHistory(ref('bad'), {}, {});
    assert.equal(entry?.message, UNDECRYPTABLE_MESSAGE);
    assert.equal(entry?.status, 'failed');
  } finally {
    await b.close();
  }
});

test('a timer that fires early re-arms: nothing runs before its due time', async () => {
  const b = await openBench();
  try {
    await b.putJob('j', httpDef());
    // A clock whose timers for the due time fire 500 ms early, once (as a coarse OS timer might).
    const early = new Set<number>();
    const clock = b.clock;
    const earlyClock = {
      now: () => clock.now(),
      setTimer: (at: number, fn: () => void) => {
        if (at === D && !early.has(at)) {
          early.add(at);
          return clock.setTimer(at - 500, fn);
        }
        return clock.setTimer(at, fn);
      },
    };
    const engine = new Engine(
      { store: b.store, clock: earlyClock, executor: b.executor, secrets, ids: b.ids },
      { nodeId: 'e', pollMs: 60_000 },
    );
    engine.start();
    await engine.settled();
    clock.setTo(D - 500);
    await engine.settled();
    assert.ok(early.has(D), 'the early timer fired');
    assert.equal(b.executor.calls.length, 0, 'nothing before the due time');
    clock.setTo(D);
    await engine.settled();
    assert.deepEqual(
      b.executor.calls.map((c) => c.at),
      [D],
    );
    await engine.stop();
  } finally {
    await b.close();
  }
});

test('occurrences of one job are independent: the next starts on time while an earlier one is still retrying', async () => {
  const b = await openBench();
  try {
    await b.putJob(
      'r',
      httpDef({
        action: {
          type: 'http',
          request: { uri: 'http://a.example/', method: 'GET', headers: [] },
          retryPolicy: fixed(45, 2),
        },
        recurrence: { frequency: 'minute', interval: 1, count: 2 },
      }),
    );
    b.executor.respond = () => ({ ok: false });
    b.engine().start();
    await b.advance(4 * 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.at, c.ctx.expectedExecutionTime, c.ctx.retryCount]),
      [
        [D, D, 0],
        [D + 45_000, D, 1],
        [D + 60_000, D + 60_000, 0],
        [D + 90_000, D, 2],
        [D + 105_000, D + 60_000, 1],
        [D + 150_000, D + 60_000, 2],
      ],
    );
    const job = await b.store.getJob(ref('r'));
    assert.equal(job?.state, 'faulted', 'the final occurrence faulted');
    assert.deepEqual(job?.counters, { executionCount: 2, failureCount: 6, faultedCount: 2 });
  } finally {
    await b.close();
  }
});

test('a window cut off at windowLimit is read again before it runs dry: every occurrence on time, without waiting for the poll', async () => {
  const b = await openBench();
  try {
    // 12 one-time jobs due 10 ms apart; the window holds 4 due times and the poll is a minute away,
    // so only re-reading the window when it runs low can start them at their own due times.
    const due = Array.from({ length: 12 }, (_, i) => D + i * 10);
    for (const [i, at] of due.entries())
      await b.putJob(`w${i}`, httpDef({ startTime: { ms: at, ticks: 0 } }));
    const engine = b.engine({ windowLimit: 4, pollMs: 60_000 });
    engine.start();
    await engine.settled();
    for (const at of due) {
      b.clock.setTo(at);
      await engine.settled();
    }
    assert.deepEqual(
      b.executor.calls.map((c) => c.at),
      due,
    );
  } finally {
    await b.close();
  }
});

test('when a backlog larger than the window drains, work due next starts at its due time, not at the next poll', async () => {
  const b = await openBench();
  try {
    // 10 jobs due at D (more than the window's 4 due times, so its read is cut off at D) and one
    // due 100 ms later that the cut-off read never saw. Claims of 3 drain the backlog; the last one
    // is short, which drops every due time through D: the window is then empty although the store
    // holds work due soon. The poll is a minute away.
    for (let i = 0; i < 10; i++) await b.putJob(`b${i}`, httpDef({ startTime: { ms: D, ticks: 0 } }));
    await b.putJob('next', httpDef({ startTime: { ms: D + 100, ticks: 0 } }));
    const engine = b.engine({ windowLimit: 4, batchSize: 3, pollMs: 60_000 });
    engine.start();
    await engine.settled();
    b.clock.setTo(D);
    await engine.settled();
    assert.equal(b.executor.calls.length, 10, 'the backlog ran at D');
    b.clock.setTo(D + 100);
    await engine.settled();
    assert.deepEqual(
      b.executor.calls.slice(10).map((c) => [c.at, c.ctx.expectedExecutionTime]),
      [[D + 100, D + 100]],
      'the job due after the backlog started on time',
    );
  } finally {
    await b.close();
  }
});
