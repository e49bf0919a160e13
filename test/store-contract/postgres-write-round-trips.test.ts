/**
 * The API's writes on PostgreSQL in round trips (docs/store.md, "The job counter and its shards"):
 * every job create waits for them, and at 16 connections they are what bounds creates per second.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperationRecord } from '../../src/domain/tenant.js';
import { postgresOnly } from './backends.js';
import { job, seedCollection, SUB, T0 } from './fixtures.js';
import { counted } from './round-trips.js';

const operation = (id: string): OperationRecord => ({
  id: id.repeat(32),
  subscriptionId: SUB,
  status: 'Succeeded',
  httpStatusCode: 200,
  createdAt: T0,
  completesAt: T0,
});

postgresOnly((open) => {
  test('postgres: the operation records of one turn are one round trip (one statement, no transaction)', async () => {
    const store = await open();
    await seedCollection(store);
    const ops = ['1', '2', '3'].map(operation);
    const put = await counted(() => Promise.all(ops.map((op) => store.putOperation(op))));
    assert.equal(put.roundTrips, 1);
    for (const op of ops) assert.deepEqual(await store.getOperation(SUB, op.id), op);
  });

  test('postgres: authentication reads certificate, token and subscription in one round trip', async () => {
    const store = await open();
    await seedCollection(store);
    const read = await counted(() =>
      store.findCredentials({ certificateThumbprint: 'A'.repeat(40), tokenHash: 'h', subscriptionId: SUB }),
    );
    assert.equal(read.roundTrips, 1);
    assert.equal(read.value.subscription?.id, SUB);
  });

  test('postgres: a PUT reads the collection and the job in one round trip', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('a'), { maxJobs: 50 });
    const read = await counted(() => store.getJobInCollection(job('a').ref));
    assert.equal(read.roundTrips, 1);
    assert.deepEqual(read.value.job, job('a'));
  });

  test('postgres: a job create is one round trip', async () => {
    const store = await open();
    await seedCollection(store);
    // The first create of the collection splits its counter (job-slots.ts); the later ones do not.
    await store.insertJob(job('a'), { maxJobs: 50 });
    const insert = await counted(() => store.insertJob(job('b'), { maxJobs: 50 }));
    assert.equal(insert.roundTrips, 1);
  });

  test('postgres: the first create of a collection splits its counter in one statement, not one per shard', async () => {
    const store = await open();
    await seedCollection(store);
    // The one-statement try (its shard has no room yet), then BEGIN with the insert, the shards'
    // lock, the split, COMMIT: 16 shards once cost 16 more.
    const first = await counted(() => store.insertJob(job('a'), { maxJobs: 50 }));
    assert.equal(first.roundTrips, 5);
  });
});
