// A write that leaves a job nothing more to run while one of its occurrences still runs its main
// action does not finish the job: that occurrence becomes the final one and its outcome completes or
// faults the job (docs/reference/scheduling-rules.md §4.8). Before, two writes finished the job at
// once with what the series had recorded so far: a PATCH of the recurrence during a non-final
// occurrence (which then faulted under a "completed" job), and a disable and enable during the final
// attempt (which then retried, ran its error action and flipped the job from completed to faulted).
// The writes go through the app's use cases (patchJob, setAllJobStates), as the API makes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppDeps } from '../../../src/app/deps.js';
import { setAllJobStates } from '../../../src/app/jobs/set-all-states.js';
import { patchJob } from '../../../src/app/jobs/write-job.js';
import { NodePfxInspector } from '../../../src/certificates/node-pfx-inspector.js';
import type { Job, PlainJobDefinition, RetryPolicy } from '../../../src/domain/job.js';
import { StoreConflict } from '../../../src/ports/store.js';
import {
  APP_SETTINGS,
  httpDef,
  openBench,
  ref,
  secrets,
  SUB,
  withErrorAction,
  type Bench,
} from './harness.js';

const fixed = (seconds: number, count: number): RetryPolicy => ({
  retryType: 'fixed',
  retryInterval: seconds * 10_000_000,
  retryCount: count,
});

function appDeps(b: Bench): AppDeps {
  return {
    store: b.store,
    clock: b.clock,
    ids: b.ids,
    secrets,
    pfx: new NodePfxInspector(),
    engine: { jobsChanged: () => undefined },
    settings: APP_SETTINGS,
  };
}

/** PATCH as the API applies it: `change` merged into the current definition. */
function patch(
  b: Bench,
  id: string,
  change: Partial<PlainJobDefinition>,
  scheduleTouched = false,
): Promise<Job> {
  return patchJob(appDeps(b), ref(id), (current) => ({
    definition: { ...current, ...change },
    scheduleTouched,
    startTimeTouched: false,
  }));
}

/**
 * A one-time job (fixed retries 30 s × 2, an error action) whose every attempt fails; `writes` run
 * during its first attempt and answer the states they leave, collected in the array returned.
 */
async function failingWithWritesDuringFirstAttempt(
  b: Bench,
  writes: () => Promise<string[]>,
): Promise<string[]> {
  await b.putJob('once', withErrorAction(fixed(30, 2)));
  const states: string[] = [];
  let first = true;
  b.executor.respond = async () => {
    if (first) {
      first = false;
      states.push(...(await writes()));
    }
    return { ok: false, message: 'down' };
  };
  return states;
}

const history = async (b: Bench, id: string): Promise<string[][]> =>
  (await b.store.listHistory(ref(id), {}, {})).map((h) => [h.actionName, String(h.retryCount), h.state]);

test('a PATCH ending the series while a non-final occurrence runs: that occurrence finishes the job', async () => {
  const b = await openBench();
  try {
    await b.putJob('rec', httpDef({ recurrence: { frequency: 'minute', interval: 5 } }));
    const answers: Job[] = [];
    b.executor.respond = async () => {
      // The first occurrence runs (the next is due in 5 minutes) when the count is lowered to 1.
      const count1 = { recurrence: { frequency: 'minute', interval: 5, count: 1 } } as const;
      if (answers.length === 0) answers.push(await patch(b, 'rec', count1, true));
      return { ok: false, message: 'down' };
    };
    b.engine().start();
    await b.advance(61_000);
    assert.equal(answers[0]?.state, 'enabled', 'the PATCH does not finish the job while it runs');
    assert.equal(answers[0]?.schedule.nextDueAt, undefined, 'nothing more is due');
    await b.advance(30 * 60_000);
    const job = await b.store.getJob(ref('rec'));
    assert.equal(job?.state, 'faulted', 'the running occurrence faulted, and so did the job');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 5, faultedCount: 1 });
    assert.equal((await history(b, 'rec'))[0]?.[2], 'faulted');
  } finally {
    await b.close();
  }
});

test('disable and enable during the final attempt: the job stays enabled until its occurrence ends', async () => {
  const b = await openBench();
  try {
    const states = await failingWithWritesDuringFirstAttempt(b, async () => [
      (await patch(b, 'once', { state: 'disabled' })).state,
      (await patch(b, 'once', { state: 'enabled' })).state,
      (await b.store.getJob(ref('once')))?.state ?? 'gone',
    ]);
    b.engine().start();
    await b.advance(10 * 60_000);
    assert.deepEqual(states, ['disabled', 'enabled', 'enabled'], 'the enable does not complete the job');
    assert.deepEqual(
      b.executor.calls.map((c) => `${c.ctx.actionName} ${c.ctx.retryCount}`),
      ['MainAction 0', 'MainAction 1', 'MainAction 2', 'ErrorAction 0', 'ErrorAction 1', 'ErrorAction 2'],
    );
    const job = await b.store.getJob(ref('once'));
    assert.equal(job?.state, 'faulted');
    assert.deepEqual(job?.counters, { executionCount: 1, failureCount: 3, faultedCount: 1 });
    const main = (await history(b, 'once')).filter(([action]) => action === 'MainAction');
    assert.deepEqual(
      main.map(([, , state]) => state),
      ['faulted', 'enabled', 'enabled'],
      'never recorded as completed',
    );
  } finally {
    await b.close();
  }
});

test('the same through "set all jobs": an enable during the final attempt waits for its outcome', async () => {
  const b = await openBench();
  try {
    await b.putJob('once', httpDef());
    const states: string[] = [];
    const all = { subscriptionId: SUB, cloudService: 'cs', collection: 'jobs' };
    b.executor.respond = async () => {
      states.push((await setAllJobStates(appDeps(b), all, () => 'disabled'))[0]?.state ?? 'gone');
      states.push((await setAllJobStates(appDeps(b), all, () => 'enabled'))[0]?.state ?? 'gone');
      return { ok: true };
    };
    b.engine().start();
    await b.advance(2 * 60_000);
    assert.deepEqual(states, ['disabled', 'enabled']);
    const job = await b.store.getJob(ref('once'));
    assert.equal(job?.state, 'completed');
    assert.deepEqual(await history(b, 'once'), [['MainAction', '0', 'completed']]);
  } finally {
    await b.close();
  }
});

test('a write to a disabled job while its last attempt runs keeps it disabled; no retry runs', async () => {
  const b = await openBench();
  try {
    const states = await failingWithWritesDuringFirstAttempt(b, async () => [
      (await patch(b, 'once', { state: 'disabled' })).state,
      // A header change while disabled: an enable would find nothing left, but the attempt runs.
      (await patch(b, 'once', { action: withErrorAction(fixed(60, 1)).action })).state,
    ]);
    b.engine().start();
    await b.advance(10 * 60_000);
    assert.deepEqual(states, ['disabled', 'disabled']);
    assert.equal(b.executor.calls.length, 1, 'no retry under the disabled job');
    assert.equal((await b.store.getJob(ref('once')))?.state, 'disabled');
    // The disable cancelled the occurrence's retries: it has no outcome, and none ran before it.
    assert.equal((await patch(b, 'once', { state: 'enabled' })).state, 'completed');
  } finally {
    await b.close();
  }
});

test("a final run's mark fails when the occurrence's main action has ended: the job is left as it was", async () => {
  const b = await openBench();
  try {
    const job = await b.putJob('rec', httpDef({ recurrence: { frequency: 'minute', interval: 5 } }));
    const changed = { ...job, stateDetails: 'x', version: job.version + 1 };
    await assert.rejects(
      b.store.updateJob(changed, {}, { finalRun: 'no-such-run' }),
      (e: unknown) => e instanceof StoreConflict && e.reason === 'version',
    );
    const stored = await b.store.getJob(ref('rec'));
    assert.equal(stored?.version, job.version);
    assert.equal(stored?.stateDetails, undefined);
    assert.equal(await b.store.pendingRun(ref('rec'), job.schedule.seriesStartedAt), undefined);
  } finally {
    await b.close();
  }
});
