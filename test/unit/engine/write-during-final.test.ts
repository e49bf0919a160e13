// A write to a job whose final occurrence is still in flight (attempting or waiting to retry) does
// not finish the job before that occurrence does (docs/reference/scheduling-rules.md §3, §4.8): a
// PATCH that keeps the job enabled and leaves its schedule alone — stateDetails, the action,
// `state: enabled`, the dashboard's unchanged save — used to mark it completed at once; its retries
// then ran anyway and the last one flipped it from completed to faulted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RetryPolicy } from '../../../src/domain/job.js';
import { applyUpdate } from '../../../src/domain/job-lifecycle.js';
import { openBench, ref, withErrorAction, type Bench } from './harness.js';

const fixed = (seconds: number, count: number): RetryPolicy => ({
  retryType: 'fixed',
  retryInterval: seconds * 10_000_000,
  retryCount: count,
});

/** A PATCH that touches neither the schedule nor the state, as the app's patch use case applies it. */
async function patchUntouched(b: Bench, id: string): Promise<string> {
  const job = await b.store.getJob(ref(id));
  assert.ok(job);
  const runtime = applyUpdate(
    job,
    job.definition,
    { scheduleTouched: false, startTimeTouched: false },
    b.clock.now(),
  );
  await b.store.updateJob({
    ...job,
    state: runtime.state,
    schedule: runtime.schedule,
    ...(runtime.finishedAt !== undefined ? { finishedAt: runtime.finishedAt } : {}),
    stateDetails: 'note',
    version: job.version + 1,
    updatedAt: b.clock.now(),
  });
  return runtime.state;
}

test('a PATCH between the retries of a one-time job keeps it enabled; its last failure faults it', async () => {
  const b = await openBench();
  try {
    await b.putJob('once', withErrorAction(fixed(30, 2)));
    b.executor.respond = () => ({ ok: false, message: 'down' });
    b.engine().start();
    await b.advance(61_000); // attempt 0 failed; retry 1 waits 30 s
    assert.equal(b.executor.calls.length, 1);
    assert.equal(await patchUntouched(b, 'once'), 'enabled', 'not finished by the PATCH');
    await b.advance(5 * 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.ctx.actionName, c.ctx.retryCount]),
      [
        ['MainAction', 0],
        ['MainAction', 1],
        ['MainAction', 2],
        ['ErrorAction', 0],
        ['ErrorAction', 1],
        ['ErrorAction', 2],
      ],
    );
    const job = await b.store.getJob(ref('once'));
    assert.equal(job?.state, 'faulted');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 3, faultedCount: 1 });
    const states = (await b.store.listHistory(ref('once'), {}, {})).map((h) => [
      h.actionName,
      h.retryCount,
      h.state,
    ]);
    assert.deepEqual(states, [
      ['ErrorAction', 2, 'faulted'],
      ['ErrorAction', 1, 'faulted'],
      ['ErrorAction', 0, 'faulted'],
      ['MainAction', 2, 'faulted'],
      ['MainAction', 1, 'enabled'],
      ['MainAction', 0, 'enabled'],
    ]);
  } finally {
    await b.close();
  }
});

test('a PATCH while the final attempt runs, which then succeeds: the job completes with it', async () => {
  const b = await openBench();
  try {
    await b.putJob('ok', withErrorAction(fixed(30, 2)));
    b.executor.respond = () =>
      patchUntouched(b, 'ok').then((state) => {
        assert.equal(state, 'enabled');
        return { ok: true };
      });
    b.engine().start();
    await b.advance(2 * 60_000);
    const job = await b.store.getJob(ref('ok'));
    assert.equal(job?.state, 'completed');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 0, faultedCount: 0 });
  } finally {
    await b.close();
  }
});
