// A disabled job retries nothing (docs/engine.md, "Retries and the error action"): disabling a job
// cancels its waiting retry, and an attempt already running when the job is disabled schedules no
// retry after it; an occurrence that has faulted still gets its error action.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RetryPolicy } from '../../../src/domain/job.js';
import { openBench, ref, T0, withErrorAction, type Bench } from './harness.js';

const D = T0 + 60_000;
const fixed = (seconds: number, count: number): RetryPolicy => ({
  retryType: 'fixed',
  retryInterval: seconds * 10_000_000,
  retryCount: count,
});

async function putFailingJob(b: Bench): Promise<void> {
  await b.putJob('rt', withErrorAction(fixed(30, 3)));
}

/** Disables the job as the API does: a guarded update of the stored job. */
async function disable(b: Bench): Promise<void> {
  const job = await b.store.getJob(ref('rt'));
  assert.ok(job);
  await b.store.updateJob({ ...job, state: 'disabled', version: job.version + 1, updatedAt: b.clock.now() });
}

test('disabling a job between attempts cancels its pending retry and error action', async () => {
  const b = await openBench();
  try {
    await putFailingJob(b);
    b.executor.respond = () => ({ ok: false, message: 'down' });
    b.engine().start();
    await b.advance(61_000); // the first attempt failed; a retry waits 30 s
    assert.equal(b.executor.calls.length, 1);
    await disable(b);
    await b.advance(10 * 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.ctx.actionName, c.ctx.retryCount, c.at]),
      [['MainAction', 0, D]],
      'nothing ran after the disable',
    );
    const job = await b.store.getJob(ref('rt'));
    assert.equal(job?.state, 'disabled');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 1, faultedCount: 0 });
  } finally {
    await b.close();
  }
});

test('an attempt running while the job is disabled finishes but schedules no retry', async () => {
  const b = await openBench();
  try {
    await putFailingJob(b);
    let disabled = false;
    b.executor.respond = () => {
      if (!disabled) {
        disabled = true;
        // The job is disabled while its first attempt is in flight.
        return disable(b).then(() => ({ ok: false, message: 'down' }));
      }
      return { ok: false, message: 'down' };
    };
    b.engine().start();
    await b.advance(10 * 60_000);
    assert.equal(b.executor.calls.length, 1, 'no retry and no error action after the disable');
    const history = await b.store.listHistory(ref('rt'), {}, {});
    assert.deepEqual(
      history.map((h) => [h.actionName, h.retryCount, h.status, h.state]),
      [['MainAction', 0, 'failed', 'disabled']],
    );
  } finally {
    await b.close();
  }
});

test('the last attempt failing while the job is disabled faults the occurrence, and its error action still runs', async () => {
  const b = await openBench();
  try {
    await b.putJob('rt', withErrorAction({ retryType: 'none' }));
    let disabled = false;
    b.executor.respond = () => {
      if (!disabled) {
        disabled = true;
        // The job is disabled while the occurrence's only attempt is in flight.
        return disable(b).then(() => ({ ok: false, message: 'down' }));
      }
      return { ok: true, message: 'alerted' };
    };
    b.engine().start();
    await b.advance(10 * 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.ctx.actionName, c.ctx.retryCount]),
      [
        ['MainAction', 0],
        ['ErrorAction', 0],
      ],
      'a faulted occurrence gets its error action (docs/engine.md)',
    );
    const job = await b.store.getJob(ref('rt'));
    assert.equal(job?.state, 'disabled');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 1, faultedCount: 1 });
    const history = await b.store.listHistory(ref('rt'), {}, {});
    assert.deepEqual(
      history.map((h) => [h.actionName, h.retryCount, h.status, h.state]),
      [
        ['ErrorAction', 0, 'completed', 'disabled'],
        ['MainAction', 0, 'failed', 'disabled'],
      ],
    );
  } finally {
    await b.close();
  }
});

test('an error action waiting for its retry when the job is disabled still runs that retry', async () => {
  const b = await openBench();
  try {
    // Two main attempts, then the error action with the same policy: two attempts as well.
    await b.putJob('rt', withErrorAction(fixed(30, 1)));
    b.executor.respond = () => ({ ok: false, message: 'down' });
    b.engine().start();
    await b.advance(61_000 + 30_000); // main 0 at D, main 1 and error 0 at D + 30 s
    assert.deepEqual(
      b.executor.calls.map((c) => [c.ctx.actionName, c.ctx.retryCount]),
      [
        ['MainAction', 0],
        ['MainAction', 1],
        ['ErrorAction', 0],
      ],
    );
    await disable(b);
    await b.advance(10 * 60_000);
    assert.deepEqual(
      b.executor.calls.map((c) => [c.ctx.actionName, c.ctx.retryCount, c.at]),
      [
        ['MainAction', 0, D],
        ['MainAction', 1, D + 30_000],
        ['ErrorAction', 0, D + 30_000],
        ['ErrorAction', 1, D + 60_000],
      ],
    );
    const job = await b.store.getJob(ref('rt'));
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 2, faultedCount: 1 });
  } finally {
    await b.close();
  }
});
