import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.js';
import { rejectsConflict } from './assertions.js';
import { forEachBackend, locationOf } from './backends.js';
import { SUB, T0, collection, job, jobRef, seedCollection } from './fixtures.js';
import { underneath } from './underneath.js';

/*
 * The collection's maintained job counter (migration 004): the quota check of a job create reads
 * it instead of counting rows, so every path that adds or removes a job must keep it exact.
 */
const REF = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' };
const ref2 = { ...REF, collection: 'Jobs2' };

/** Each collection's counter next to its real number of rows, read underneath the store. */
async function counts(store: Store): Promise<Record<string, { counter: number; rows: number }>> {
  const rows = await underneath<{ name: string; job_count: unknown; n: unknown }>(
    locationOf(store),
    `SELECT c.name, c.job_count, (SELECT COUNT(*) FROM jobs j WHERE j.collection_id = c.id) AS n
       FROM job_collections c ORDER BY c.name`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, { counter: Number(r.job_count), rows: Number(r.n) }]));
}

async function assertExact(store: Store, expected: Record<string, number>): Promise<void> {
  const actual = await counts(store);
  const want = Object.fromEntries(
    Object.entries(expected).map(([name, n]) => [name, { counter: n, rows: n }]),
  );
  assert.deepEqual(actual, want);
}

const finished = (id: string, collectionName = 'Jobs1', finishedAt = T0) =>
  job(id, { ref: jobRef(id, { collection: collectionName }), state: 'completed', finishedAt });

forEachBackend((_name, open) => {
  test('job count: create, failed creates, replace, delete and retention keep the counter exact', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Jobs2' }));
    for (const id of ['a', 'b', 'c']) await store.insertJob(job(id), { maxJobs: 3 });
    await store.insertJob(finished('old2', 'Jobs2'), { maxJobs: 3 });
    await assertExact(store, { Jobs1: 3, Jobs2: 1 });

    await rejectsConflict(store.insertJob(job('A'), { maxJobs: 10 }), 'exists');
    await rejectsConflict(store.insertJob(job('d'), { maxJobs: 3 }), 'quota');
    await rejectsConflict(
      store.insertJob(job('x', { ref: jobRef('x', { collection: 'Nope' }) }), { maxJobs: 3 }),
      'missing',
    );
    // A replace is an update of the same row: the counter does not move.
    await store.updateJob({ ...job('a'), version: 2, updatedAt: T0 + 1 });
    await assertExact(store, { Jobs1: 3, Jobs2: 1 });
    assert.equal(await store.countJobs({ ...REF, collection: 'JOBS1' }), 3);

    assert.equal(await store.deleteJob(jobRef('B')), true);
    assert.equal(await store.deleteJob(jobRef('b')), false);
    assert.equal(await store.deleteJob(jobRef('nothing')), false);
    await assertExact(store, { Jobs1: 2, Jobs2: 1 });
    // The slot freed by the delete can be taken again, and only that one.
    await store.insertJob(job('d'), { maxJobs: 3 });
    await rejectsConflict(store.insertJob(job('e'), { maxJobs: 3 }), 'quota');

    // Retention: finished jobs of both collections, one not yet old enough.
    await store.insertJob(finished('old1'), { maxJobs: 10 });
    await store.insertJob(finished('young1', 'Jobs1', T0 + 10_000), { maxJobs: 10 });
    await store.insertJob(finished('old3', 'Jobs2'), { maxJobs: 10 });
    await assertExact(store, { Jobs1: 5, Jobs2: 2 });
    assert.equal(await store.deleteFinishedJobs(T0 + 1, 500), 3);
    await assertExact(store, { Jobs1: 4, Jobs2: 0 });
    assert.equal(await store.countJobs(ref2), 0);

    // A collection delete takes its counter with it; the other is untouched.
    await store.deleteJobCollection(ref2);
    await assertExact(store, { Jobs1: 4 });
  });

  test('job count: two concurrent creates at quota - 1 from two nodes, exactly one succeeds', async () => {
    const first = await open();
    const second = await open({ sameAs: first });
    await seedCollection(first);
    for (let round = 0; round < 6; round++) {
      const max = round + 1;
      const results = await Promise.allSettled([
        first.insertJob(job(`p${round}`), { maxJobs: max }),
        second.insertJob(job(`q${round}`), { maxJobs: max }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: ${JSON.stringify(results.map((r) => r.status))}`);
      for (const r of results) {
        if (r.status === 'rejected')
          assert.ok(r.reason instanceof StoreConflict && r.reason.reason === 'quota', String(r.reason));
      }
      await assertExact(first, { Jobs1: max });
    }
  });

  test('job count: racing creates and deletes on two nodes never pass the cap and stay exact', async () => {
    const first = await open();
    const second = await open({ sameAs: first });
    await seedCollection(first);
    const max = 4;
    for (const id of ['a', 'b', 'c']) await first.insertJob(job(id), { maxJobs: max });
    const ops = [
      first.insertJob(job('n1'), { maxJobs: max }),
      second.deleteJob(jobRef('a')),
      second.insertJob(job('n2'), { maxJobs: max }),
      first.deleteJob(jobRef('b')),
      first.insertJob(job('n3'), { maxJobs: max }),
      second.deleteJob(jobRef('a')),
      second.insertJob(job('n1'), { maxJobs: max }),
      first.insertJob(job('n4'), { maxJobs: max }),
    ];
    const results = await Promise.allSettled(ops);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof StoreConflict, String(r.reason));
        assert.ok(['quota', 'exists'].includes(r.reason.reason), r.reason.reason);
      }
    }
    const deletes = [results[1], results[3], results[5]].filter(
      (r) => r?.status === 'fulfilled' && r.value === true,
    );
    assert.equal(deletes.length, 2, 'a is deleted once, b once');
    const { Jobs1 } = await counts(first);
    assert.ok(Jobs1 && Jobs1.counter === Jobs1.rows && Jobs1.rows <= max, JSON.stringify(Jobs1));
  });

  test('migration 004 backfills the counter from the jobs already stored', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Jobs2' }));
    await store.createJobCollection(collection({ name: 'Empty' }));
    for (const id of ['a', 'b', 'c']) await store.insertJob(job(id), { maxJobs: 10 });
    await store.insertJob(job('z', { ref: jobRef('z', { collection: 'Jobs2' }) }), { maxJobs: 10 });
    // Back to the schema before 004, the jobs kept, as a database of the previous release.
    const loc = locationOf(store);
    await underneath(loc, 'ALTER TABLE job_collections DROP COLUMN job_count');
    await underneath(loc, 'DELETE FROM schema_migrations WHERE version = 4');
    await store.migrate();
    const reopened = await open({ sameAs: store });
    await assertExact(reopened, { Empty: 0, Jobs1: 3, Jobs2: 1 });
    await rejectsConflict(reopened.insertJob(job('d'), { maxJobs: 3 }), 'quota');
  });
});
