import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../src/domain/job.js';
import { rejectsConflict } from './assertions.js';
import { forEachBackend } from './backends.js';
import { SUB, T0, collection, historyEntry, job, jobRef, seedCollection } from './fixtures.js';

const REF = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' };

/** The next version of a stored job, as the app writes it. */
const next = (j: Job, over: Partial<Job> = {}): Job => ({
  ...j,
  version: j.version + 1,
  updatedAt: j.updatedAt + 1,
  ...over,
});

forEachBackend((_name, open) => {
  test('jobs: insert and get round-trip every field; lookup is case-insensitive, casing kept', async () => {
    const store = await open();
    await seedCollection(store);
    const full = job('MyJob', {
      stateDetails: 'disabled by user',
      state: 'faulted',
      finishedAt: 253402300799999,
      counters: { executionCount: 7, failureCount: 3, faultedCount: 1 },
      schedule: {
        anchor: T0,
        seriesStartedAt: T0 - 5,
        seriesCount: 4,
        repeatCount: 9,
        lastExecutionTime: T0 + 42,
        lastOutcome: 'faulted',
      },
      version: 12,
    });
    await store.insertJob(full, { maxJobs: 10 });
    assert.deepEqual(
      await store.getJob({ ...jobRef('MYJOB'), cloudService: 'cs-west', collection: 'JOBS1' }),
      full,
    );
    const plain = job('Other');
    await store.insertJob(plain, { maxJobs: 10 });
    assert.deepEqual(await store.getJob(jobRef('other')), plain);
    assert.equal(await store.getJob(jobRef('nothing')), undefined);
    assert.equal(await store.getJob({ ...jobRef('MyJob'), collection: 'Jobs2' }), undefined);
  });

  test('jobs: getJobInCollection answers as getJobCollection and getJob together', async () => {
    const store = await open();
    await seedCollection(store);
    const full = job('MyJob', {
      stateDetails: 'why',
      finishedAt: T0 + 9,
      counters: { executionCount: 7, failureCount: 3, faultedCount: 1 },
      schedule: {
        anchor: T0,
        seriesStartedAt: T0 - 5,
        seriesCount: 4,
        repeatCount: 9,
        nextDueAt: T0 + 60_000,
      },
      version: 3,
    });
    await store.insertJob(full, { maxJobs: 10 });
    const jc = await store.getJobCollection(REF);
    assert.ok(jc);
    const ref = { ...jobRef('MYJOB'), cloudService: 'cs-west', collection: 'JOBS1' };
    assert.deepEqual(await store.getJobInCollection(ref), { collection: jc, job: full });
    assert.deepEqual(await store.getJobInCollection(jobRef('nothing')), { collection: jc });
    assert.deepEqual(await store.getJobInCollection({ ...jobRef('MyJob'), collection: 'Jobs2' }), {});
    assert.deepEqual(await store.getJobInCollection({ ...jobRef('MyJob'), cloudService: 'cs-none' }), {});
  });

  test('jobs: insert guards: missing collection, taken id (any casing), job count cap', async () => {
    const store = await open();
    await seedCollection(store);
    await rejectsConflict(
      store.insertJob(job('a', { ref: { ...jobRef('a'), collection: 'Nope' } }), { maxJobs: 5 }),
      'missing',
    );
    await store.insertJob(job('a'), { maxJobs: 2 });
    await rejectsConflict(store.insertJob(job('A'), { maxJobs: 2 }), 'exists');
    await store.insertJob(job('b'), { maxJobs: 2 });
    await rejectsConflict(store.insertJob(job('c'), { maxJobs: 2 }), 'quota');
    assert.equal(await store.countJobs({ ...REF, collection: 'jobs1' }), 2);
    // Another collection has its own count.
    await store.createJobCollection(collection({ name: 'Jobs2' }));
    await store.insertJob(job('c', { ref: jobRef('c', { collection: 'Jobs2' }) }), { maxJobs: 1 });
    assert.equal(await store.countJobs({ ...REF, collection: 'Jobs2' }), 1);
    assert.equal(await store.countJobs({ ...REF, collection: 'Jobs3' }), 0);
  });

  test('jobs: tryInsertJob answers false for a taken id or a missing collection, and writes nothing then', async () => {
    const store = await open();
    await seedCollection(store);
    assert.equal(await store.tryInsertJob(job('a'), { maxJobs: 2 }), true);
    assert.deepEqual(await store.getJob(jobRef('a')), job('a'));
    const other = job('A', { stateDetails: 'not written' });
    assert.equal(await store.tryInsertJob(other, { maxJobs: 2 }), false);
    assert.deepEqual(await store.getJob(jobRef('a')), job('a'), 'the stored job is unchanged');
    const nowhere = job('x', { ref: jobRef('x', { collection: 'Nope' }) });
    assert.equal(await store.tryInsertJob(nowhere, { maxJobs: 2 }), false);
    assert.equal(await store.getJob(nowhere.ref), undefined);
    // The quota is a guard as for insertJob, and a refused create takes no slot.
    assert.equal(await store.tryInsertJob(job('b'), { maxJobs: 2 }), true);
    await rejectsConflict(store.tryInsertJob(job('c'), { maxJobs: 2 }), 'quota');
    assert.equal(await store.countJobs(REF), 2);
  });

  test('jobs: list is ordered by lower-cased id (ordinal), filtered by state, then skip and top', async () => {
    const store = await open();
    await seedCollection(store);
    const ids = ['b', 'A', 'c10', 'C2', '_x', 'Z', 'a-1'];
    for (const id of ids) {
      await store.insertJob(job(id, { state: id === 'A' || id === 'Z' ? 'disabled' : 'enabled' }), {
        maxJobs: 50,
      });
    }
    // Ordinal on the lower-cased ids: '-' < '1' < '_' < 'a'; a locale collation would differ.
    const all = ['_x', 'A', 'a-1', 'b', 'c10', 'C2', 'Z'];
    const names = (jobs: Job[]): string[] => jobs.map((j) => j.ref.jobId);
    assert.deepEqual(names(await store.listJobs(REF, {}, {})), all);
    assert.deepEqual(names(await store.listJobs(REF, {}, { skip: 2, top: 3 })), all.slice(2, 5));
    assert.deepEqual(names(await store.listJobs(REF, {}, { top: 0 })), []);
    assert.deepEqual(names(await store.listJobs(REF, {}, { skip: 6 })), ['Z']);
    assert.deepEqual(names(await store.listJobs(REF, { state: 'disabled' }, {})), ['A', 'Z']);
    assert.deepEqual(names(await store.listJobs(REF, { state: 'enabled' }, { skip: 1, top: 2 })), [
      'a-1',
      'b',
    ]);
    assert.deepEqual(names(await store.listJobs(REF, { state: 'faulted' }, {})), []);
    assert.deepEqual(await store.listJobs({ ...REF, collection: 'none' }, {}, {}), []);
  });

  test('jobs: update replaces the job when its version is the stored one + 1', async () => {
    const store = await open();
    await seedCollection(store);
    const v1 = job('j', { stateDetails: 'x', finishedAt: T0 });
    await store.insertJob(v1, { maxJobs: 5 });
    // Optional members absent in the new version are cleared, not kept.
    const v2 = next(job('j'), {
      state: 'disabled',
      counters: { executionCount: 1, failureCount: 1, faultedCount: 0 },
      schedule: {
        anchor: T0,
        seriesStartedAt: T0,
        seriesCount: 1,
        repeatCount: 1,
        lastExecutionTime: T0 + 1,
        lastOutcome: 'succeeded',
      },
    });
    await store.updateJob({ ...v2, ref: jobRef('J') });
    assert.deepEqual(await store.getJob(jobRef('j')), v2);

    await rejectsConflict(store.updateJob(v2), 'version'); // stale writer: version 2 again
    await rejectsConflict(store.updateJob(next(v2, { version: 5 })), 'version');
    await rejectsConflict(store.updateJob(next(v2, { ref: jobRef('ghost') })), 'missing');
    assert.deepEqual(await store.getJob(jobRef('j')), v2);
  });

  test('jobs: updates sent together stand or fall alone: a stale one refused, the others stored', async () => {
    // On SQLite the three share one transaction (the turn) and the job replace runs without a
    // savepoint (WriteMode.checksFirst): its refusal must leave the other writes of the turn alone.
    const store = await open();
    await seedCollection(store);
    for (const id of ['a', 'b', 'c']) await store.insertJob(job(id), { maxJobs: 5 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => store.getJob(jobRef(id))));
    assert.ok(a && b && c);
    const writes = [
      store.updateJob(next(a, { state: 'disabled' })),
      store.updateJob(b), // stale: the stored version again
      store.updateJob(next(c, { state: 'disabled' })),
    ];
    const settled = await Promise.allSettled(writes);
    assert.deepEqual(
      settled.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    await rejectsConflict(writes[1] as Promise<void>, 'version');
    assert.deepEqual(await store.getJob(jobRef('a')), next(a, { state: 'disabled' }));
    assert.deepEqual(await store.getJob(jobRef('b')), b);
    assert.deepEqual(await store.getJob(jobRef('c')), next(c, { state: 'disabled' }));
  });

  test('jobs: an update made from a read answers as one by name: stale, deleted, recreated', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('j'), { maxJobs: 5 });
    // The app keeps the read job's ref object in the job it writes back (a PUT replace, a PATCH).
    const read = async (): Promise<Job> => (await store.getJob(jobRef('j'))) as Job;
    const v1 = await read();
    await store.updateJob(next(v1, { state: 'disabled' }));
    const v2 = await read();
    assert.equal(v2.version, 2);
    assert.equal(v2.state, 'disabled');

    await store.updateJob(next(v2, { ref: jobRef('j') })); // another writer got in first
    await rejectsConflict(store.updateJob(next(v2)), 'version');

    const v3 = await read();
    assert.equal(await store.deleteJob(jobRef('j')), true);
    await rejectsConflict(store.updateJob(next(v3)), 'missing');

    // Deleted and created again under the same name: the new row is updated when its version
    // matches, as a lookup by name finds it.
    await store.insertJob(job('j', { version: 3 }), { maxJobs: 5 });
    await store.updateJob(next(v3, { stateDetails: 'again' }));
    assert.equal((await read()).stateDetails, 'again');
    assert.equal((await read()).version, 4);
  });

  test('jobs: updateJobs writes all or nothing', async () => {
    const store = await open();
    await seedCollection(store);
    const a = job('a');
    const b = job('b');
    const c = job('c');
    for (const j of [a, b, c]) await store.insertJob(j, { maxJobs: 5 });

    const bad = [
      next(a, { state: 'disabled' }),
      next(b, { state: 'disabled' }),
      next(c, { state: 'disabled', version: 9 }),
    ];
    await rejectsConflict(store.updateJobs(bad), 'version');
    const missing = [next(a, { state: 'disabled' }), next(job('zz'))];
    await rejectsConflict(store.updateJobs(missing), 'missing');
    for (const j of [a, b, c]) assert.deepEqual(await store.getJob(j.ref), j);

    const good = [a, b, c].map((j) => next(j, { state: 'disabled' }));
    await store.updateJobs(good);
    assert.deepEqual(await store.listJobs(REF, {}, {}), good);
    await store.updateJobs([]);
  });

  test('jobs: delete takes the history with it; false when absent', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('a'), { maxJobs: 5 });
    await store.insertJob(job('b'), { maxJobs: 5 });
    await store.appendHistory([historyEntry(jobRef('a')), historyEntry(jobRef('b'))]);
    assert.equal(await store.deleteJob(jobRef('A')), true);
    assert.equal(await store.deleteJob(jobRef('a')), false);
    assert.equal(await store.getJob(jobRef('a')), undefined);
    assert.equal(await store.countJobs(REF), 1);
    await store.insertJob(job('a'), { maxJobs: 5 });
    assert.deepEqual(await store.listHistory(jobRef('a'), {}, {}), []);
    assert.equal((await store.listHistory(jobRef('b'), {}, {})).length, 1);
  });
});
