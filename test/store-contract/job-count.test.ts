import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.js';
import { rejectsConflict } from './assertions.js';
import { forEachBackend, locationOf } from './backends.js';
import { SUB, T0, collection, job, jobRef, seedCollection } from './fixtures.js';
import { underneath } from './underneath.js';

/*
 * The collection's maintained job counter (migration 006: split over shards, one per job id % 16):
 * the quota check of a job create reads it instead of counting rows, so every path that adds or
 * removes a job must keep it exact, shard by shard.
 */
const REF = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' };
const ref2 = { ...REF, collection: 'Jobs2' };

/**
 * Each collection's counter (the sum of its shards) next to its real number of rows, read
 * underneath the store; every shard must hold exactly the jobs whose id falls into it.
 */
async function counts(store: Store): Promise<Record<string, { counter: number; rows: number }>> {
  const rows = await underneath<{ name: string; counter: unknown; n: unknown; off: unknown }>(
    locationOf(store),
    `SELECT c.name,
        (SELECT COALESCE(SUM(slot.jobs), 0) FROM job_collection_slots slot WHERE slot.collection_id = c.id) AS counter,
        (SELECT COUNT(*) FROM jobs j WHERE j.collection_id = c.id) AS n,
        (SELECT COUNT(*) FROM job_collection_slots slot WHERE slot.collection_id = c.id AND slot.jobs <>
          (SELECT COUNT(*) FROM jobs j WHERE j.collection_id = c.id AND j.id % 16 = slot.shard)) AS off
       FROM job_collections c ORDER BY c.name`,
  );
  for (const r of rows) assert.equal(Number(r.off), 0, `${r.name}: a shard's count differs from its jobs`);
  return Object.fromEntries(rows.map((r) => [r.name, { counter: Number(r.counter), rows: Number(r.n) }]));
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

  test('migrations 004 and 006 backfill the counter shards from the jobs already stored', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Jobs2' }));
    await store.createJobCollection(collection({ name: 'Empty' }));
    for (const id of ['a', 'b', 'c']) await store.insertJob(job(id), { maxJobs: 10 });
    await store.insertJob(job('z', { ref: jobRef('z', { collection: 'Jobs2' }) }), { maxJobs: 10 });
    // Back to the schema before 004, the jobs kept, as a database of an earlier release.
    const loc = locationOf(store);
    await underneath(loc, 'DROP TABLE job_collection_slots');
    await underneath(loc, 'DELETE FROM schema_migrations WHERE version IN (4, 6)');
    await store.migrate();
    const reopened = await open({ sameAs: store });
    await assertExact(reopened, { Empty: 0, Jobs1: 3, Jobs2: 1 });
    await rejectsConflict(reopened.insertJob(job('d'), { maxJobs: 3 }), 'quota');
    await reopened.insertJob(job('d'), { maxJobs: 4 });
    await assertExact(reopened, { Empty: 0, Jobs1: 4, Jobs2: 1 });
  });

  test('job count shards: racing creates and deletes on two nodes, the maximum lowered and raised', async () => {
    const first = await open();
    const second = await open({ sameAs: first });
    await seedCollection(first);
    const stores = [first, second];
    const createAll = async (ids: readonly string[], maxJobs: number): Promise<number> => {
      const results = await Promise.allSettled(
        ids.map((id, i) => stores[i % 2]!.insertJob(job(id), { maxJobs })),
      );
      for (const r of results) {
        if (r.status === 'rejected')
          assert.ok(r.reason instanceof StoreConflict && r.reason.reason === 'quota', String(r.reason));
      }
      return results.filter((r) => r.status === 'fulfilled').length;
    };
    const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

    assert.equal(await createAll(ids('a', 60), 37), 37);
    await assertExact(first, { Jobs1: 37 });
    await assertSplit(first);

    // Lowered below what the collection holds: refused until enough jobs are gone.
    await rejectsConflict(second.insertJob(job('low'), { maxJobs: 20 }), 'quota');
    // 20 of the 37 jobs the collection holds (which 37 of the 60 creates won the race varies), so
    // 17 remain: at most 3 of the racing creates fit.
    const held = (await first.listJobs(REF, {}, { top: 20 })).map((j) => j.ref.jobId);
    assert.equal(held.length, 20);
    const racing = await Promise.allSettled([
      ...held.map((id, i) => stores[i % 2]!.deleteJob(jobRef(id))),
      createAll(ids('b', 10), 20),
    ]);
    assert.ok(racing.every((r) => r.status === 'fulfilled'));
    const { Jobs1 } = await counts(first);
    assert.ok(Jobs1 && Jobs1.counter === Jobs1.rows && Jobs1.rows <= 20, JSON.stringify(Jobs1));
    await createAll(ids('c', 10), 20);
    await assertExact(first, { Jobs1: 20 });
    await assertSplit(first);

    // Raised: exactly the new room is taken.
    assert.equal(await createAll(ids('d', 40), 50), 30);
    await assertExact(first, { Jobs1: 50 });
    await assertSplit(first);
    assert.equal(await first.countJobs(REF), 50);
  });
});

/**
 * The shards' caps: once split for a maximum, every shard is split for it (or is an empty shard
 * added later), and no shard's jobs or cap can take the collection past it.
 */
async function assertSplit(store: Store): Promise<void> {
  const rows = await underneath<{ jobs: unknown; cap: unknown; split_max: unknown }>(
    locationOf(store),
    'SELECT jobs, cap, split_max FROM job_collection_slots',
  );
  const max = Math.max(...rows.map((r) => Number(r.split_max)));
  let room = 0;
  for (const r of rows) {
    const [jobs, cap, split] = [Number(r.jobs), Number(r.cap), Number(r.split_max)];
    assert.ok(split === max || (split === 0 && jobs === 0 && cap === 0), JSON.stringify(r));
    room += Math.max(jobs, cap);
  }
  assert.ok(room <= max, `caps ${room} > ${max}`);
}
