import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttemptOrder, AttemptReport, RunningAttempt } from '../../../src/engine/attempt.js';
import { HostQueue } from '../../../src/engine/host-queue.js';

const order = (host: string): AttemptOrder => ({
  action: { type: 'http', request: { uri: `http://${host}/x`, method: 'GET', headers: [] } },
  job: { subscriptionId: 's', cloudService: 'c', collection: 'jc', jobId: 'j' },
  executionTag: '0'.repeat(32),
  dueAt: 0,
  region: 'r',
  retryCount: 0,
  actionName: 'MainAction',
});

/** An attempt the test finishes by hand; records starts and cancels. */
function attempts(): {
  begin: (name: string) => () => RunningAttempt;
  finish: (name: string) => void;
  started: string[];
  cancelled: string[];
} {
  const finishers = new Map<string, () => void>();
  const started: string[] = [];
  const cancelled: string[] = [];
  return {
    started,
    cancelled,
    begin: (name) => () => {
      started.push(name);
      const report = new Promise<AttemptReport>((resolve) =>
        finishers.set(name, () =>
          resolve({ ok: true, fatal: false, message: name, startedAt: 0, endedAt: 1 }),
        ),
      );
      return { report, cancel: () => cancelled.push(name) };
    },
    finish: (name) => finishers.get(name)?.(),
  };
}

test('at most maxPerHost attempts per host run at once; a finished one passes its slot to the next in order', async () => {
  const q = new HostQueue(2);
  const a = attempts();
  const onStart: string[] = [];
  const runs = ['a1', 'a2', 'a3', 'a4'].map((n) => q.submit(order('a'), a.begin(n), () => onStart.push(n)));
  const other = q.submit(order('b'), a.begin('b1'));
  assert.deepEqual(a.started, ['a1', 'a2', 'b1'], 'another host is not held up by a full one');
  assert.deepEqual(onStart, ['a1', 'a2']);
  a.finish('a2');
  assert.equal((await runs[1]!.report)?.message, 'a2');
  assert.deepEqual(a.started, ['a1', 'a2', 'b1', 'a3']);
  assert.deepEqual(onStart, ['a1', 'a2', 'a3']);
  a.finish('a3');
  a.finish('a1');
  assert.equal((await runs[2]!.report)?.message, 'a3');
  assert.equal((await runs[0]!.report)?.message, 'a1');
  assert.deepEqual(a.started, ['a1', 'a2', 'b1', 'a3', 'a4']);
  a.finish('a4');
  a.finish('b1');
  assert.equal((await runs[3]!.report)?.message, 'a4');
  assert.equal((await other.report)?.message, 'b1');
});

test('a waiting attempt that is cancelled or dropped ends as interrupted and never starts; a running one is cancelled', async () => {
  const q = new HostQueue(1);
  const a = attempts();
  const first = q.submit(order('h'), a.begin('first'));
  const cancelledWhileWaiting = q.submit(order('h'), a.begin('second'));
  const dropped = q.submit(order('h'), a.begin('third'));
  cancelledWhileWaiting.cancel();
  assert.equal(await cancelledWhileWaiting.report, undefined);
  q.dropWaiting();
  assert.equal(await dropped.report, undefined);
  first.cancel();
  assert.deepEqual(a.cancelled, ['first'], 'a running attempt gets the cancellation');
  a.finish('first');
  await first.report;
  assert.deepEqual(a.started, ['first']);
  // The slot is free again.
  const next = q.submit(order('h'), a.begin('fourth'));
  assert.deepEqual(a.started, ['first', 'fourth']);
  a.finish('fourth');
  assert.equal((await next.report)?.message, 'fourth');
});
