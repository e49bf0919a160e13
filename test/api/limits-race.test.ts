// A plan or quota change and a job write made at once never both succeed on old values
// (docs/reference/scheduling-rules.md §7): the change checks the jobs in its own transaction, with
// the collection locked against job writes, and a job write checked against the old limits that
// commits after the change is refused by the collection's ETag and checked again. Before, both
// checks read first and wrote later, so a collection could end with a MaxRecurrence of one hour
// and a job running every minute (which then could not even be disabled), or a MaxJobCount of 1
// and three jobs. Each test puts the other request exactly in the window between one request's
// check and its write, through a store that runs it there; on both stores (TAKT_API_TEST_STORE).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AppDeps } from '../../src/app/deps.js';
import { putJobCollection } from '../../src/app/job-collections.js';
import { patchJob, putJob } from '../../src/app/jobs/write-job.js';
import type { Quota } from '../../src/domain/collection.js';
import { DomainError } from '../../src/domain/errors.js';
import type { PlainJobDefinition } from '../../src/domain/job.js';
import type { Store } from '../../src/ports/store.js';
import { SUB, httpJob, jobPath, seedCollection, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const jc = { subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1' };
const job = (jobId: string) => ({ ...jc, jobId });
const hourly: Quota = { maxRecurrence: { frequency: 'Hour', interval: 1 } };

/** AppDeps whose store runs `meanwhile` once, just before the first call of `verb` reaches the store. */
function interleaved(verb: keyof Store, meanwhile: () => Promise<unknown>): AppDeps {
  let done = false;
  const store = new Proxy(h.deps.store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== verb || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (!done) {
          done = true;
          await meanwhile();
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...h.deps, store };
}

const setQuota = (quota: Quota) => putJobCollection(h.deps, jc, () => ({ plan: 'Standard', quota }));
const everyMinute = (current: PlainJobDefinition) => ({
  definition: { ...current, recurrence: { frequency: 'minute' as const, interval: 1 } },
  scheduleTouched: true,
  startTimeTouched: false,
});
const conflictWith = (pattern: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.code === 'ConflictError' && pattern.test(e.message);

test("a quota change between a PATCH's check and its write: the PATCH is checked again and refused", async () => {
  await seedCollection(h);
  assert.equal((await h.call('PUT', jobPath('a'), { body: httpJob() })).statusCode, 201);
  const deps = interleaved('updateJob', () => setQuota(hourly));
  await assert.rejects(patchJob(deps, job('a'), everyMinute), conflictWith(/more often than/));
  assert.equal((await h.store.getJob(job('a')))?.definition.recurrence?.frequency, 'hour', 'job unchanged');
  assert.deepEqual((await h.store.getJobCollection(jc))?.quota, hourly, 'the quota change stands');
  // And the job can still be written within the new limits.
  assert.equal((await h.call('PATCH', jobPath('a'), { body: { state: 'disabled' } })).statusCode, 200);
});

test("a PATCH between a quota change's check and its write: the quota change sees it and is refused", async () => {
  await setQuota({});
  await h.call('PATCH', jobPath('a'), { body: { state: 'enabled', recurrence: { frequency: 'hour' } } });
  const deps = interleaved('updateJobCollection', () => patchJob(h.deps, job('a'), everyMinute));
  await assert.rejects(
    putJobCollection(deps, jc, () => ({ plan: 'Standard', quota: hourly })),
    conflictWith(/would violate the new plan or quota/),
  );
  assert.equal((await h.store.getJob(job('a')))?.definition.recurrence?.frequency, 'minute');
  assert.deepEqual((await h.store.getJobCollection(jc))?.quota, {}, 'the quota unchanged');
});

test("a job count quota between a create's check and its write: the create is refused", async () => {
  await h.call('DELETE', jobPath('a'));
  assert.equal((await h.call('PUT', jobPath('one'), { body: httpJob() })).statusCode, 201);
  // SQLite inserts with insertJob; PostgreSQL, which keeps collections in memory, tries the create
  // first (tryInsertJob): either way the write goes after the quota change and is refused.
  const deps = interleaved(h.store.createsFirst ? 'tryInsertJob' : 'insertJob', () =>
    setQuota({ maxJobCount: 1 }),
  );
  await assert.rejects(
    putJob(deps, job('two'), () => ({
      action: { type: 'http', request: { uri: 'http://example.com/', method: 'GET', headers: [] } },
      state: 'enabled',
    })),
    conflictWith(/already holds its maximum of 1 jobs/),
  );
  assert.equal((await h.store.listJobs(jc, {}, {})).length, 1, 'one job, as the quota says');
});

test('made at once, round after round: the collection never ends over its own quota', async () => {
  for (let round = 0; round < 15; round++) {
    await setQuota({});
    await patchJob(h.deps, job('one'), (current) => ({
      definition: { ...current, recurrence: { frequency: 'hour', interval: 1 } },
      scheduleTouched: true,
      startTimeTouched: false,
    }));
    await Promise.allSettled([setQuota(hourly), patchJob(h.deps, job('one'), everyMinute)]);
    const quota = (await h.store.getJobCollection(jc))?.quota;
    const frequency = (await h.store.getJob(job('one')))?.definition.recurrence?.frequency;
    assert.ok(
      !(quota?.maxRecurrence?.frequency === 'Hour' && frequency === 'minute'),
      `round ${round}: quota ${JSON.stringify(quota)} with a job every ${frequency}`,
    );
  }
});
