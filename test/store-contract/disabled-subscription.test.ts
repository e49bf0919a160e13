/**
 * A disabled subscription's jobs wait (docs/engine.md, "Disabled subscriptions"): its tenant gets
 * 403 from the API, so nothing it scheduled keeps running, and enabling it runs what fell due, as
 * leaving a collection's suspension does. Its jobs and occurrences in progress are held apart in
 * the due indexes meanwhile, as a suspended collection's are.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend, locationOf } from './backends.js';
import {
  cloudService,
  collection,
  oneTimeJob,
  planning,
  seedCollection,
  setSuspended,
  SUB,
  SUB2,
  subscription,
  T0,
} from './fixtures.js';
import { underneath } from './underneath.js';

const DUE = T0 + 60_000;
const NOW = DUE + 10_000;
const LEASE = { owner: 'n1', until: NOW + 30_000 };

/** SUB2, with its own cloud service and collection Other holding `n` jobs due at DUE. */
async function otherTenant(store: Store, n: number): Promise<void> {
  await store.createSubscription(subscription({ id: SUB2 }));
  await store.createCloudService(cloudService({ subscriptionId: SUB2 }));
  await store.createJobCollection(collection({ subscriptionId: SUB2, name: 'Other' }));
  for (let i = 0; i < n; i++) {
    const j = oneTimeJob('Other', `o${i}`, DUE);
    await store.insertJob({ ...j, ref: { ...j.ref, subscriptionId: SUB2 } }, { maxJobs: 100 });
  }
}

/** How many job and run rows of SUB's collections are not held. */
async function unheld(store: Store): Promise<{ jobs: number; runs: number }> {
  const ofSub = `collection_id IN (SELECT id FROM job_collections WHERE subscription_id = '${SUB}')`;
  const count = async (table: string): Promise<number> => {
    const [row] = await underneath<{ n: number | string }>(
      locationOf(store),
      `SELECT COUNT(*) AS n FROM ${table} WHERE held = FALSE AND ${ofSub}`,
    );
    return Number(row?.n);
  };
  return { jobs: await count('jobs'), runs: await count('runs') };
}

forEachBackend((_name, open) => {
  test("a disabled subscription's jobs and occurrences in progress wait; enabling it runs them, with their tags", async () => {
    const store = await open();
    await seedCollection(store);
    const { planner, hex } = planning();
    // Two occurrences in progress of a node that died: due for redelivery at DUE + 1 s.
    for (const id of ['r0', 'r1'])
      await store.insertJob(oneTimeJob('Jobs1', id, DUE - 1_000), { maxJobs: 100 });
    const dead = await store.claimDue(DUE - 1_000, 10, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
    assert.equal(dead.length, 2);
    for (let i = 0; i < 3; i++) await store.insertJob(oneTimeJob('Jobs1', `j${i}`, DUE), { maxJobs: 100 });
    await otherTenant(store, 2);

    await store.updateSubscription(SUB, { enabled: false });
    assert.deepEqual(await unheld(store), { jobs: 0, runs: 0 });
    // Created while disabled (by an operator's import, say): held too.
    await store.insertJob(oneTimeJob('Jobs1', 'late', DUE), { maxJobs: 100 });
    assert.deepEqual(await unheld(store), { jobs: 0, runs: 0 });
    // The other tenant's jobs run; none of the disabled one's.
    assert.deepEqual(await store.peekDue(NOW, 10), [DUE, DUE]);
    const other = await store.claimDue(NOW, 100, LEASE, planner, hex);
    assert.deepEqual(
      other.map((r) => r.job.subscriptionId),
      [SUB2, SUB2],
    );
    assert.deepEqual(await store.claimDue(NOW, 100, LEASE, planner, hex), []);

    await store.updateSubscription(SUB, { enabled: true });
    const back = await store.claimDue(NOW, 100, LEASE, planner, hex);
    assert.deepEqual(back.map((r) => r.job.jobId).sort(), ['j0', 'j1', 'j2', 'late', 'r0', 'r1']);
    const redelivered = back.filter((r) => r.job.jobId.startsWith('r'));
    assert.deepEqual(redelivered.map((r) => r.executionTag).sort(), dead.map((r) => r.executionTag).sort());
    await store.close();
  });

  test('a suspended collection stays held when its subscription is enabled, and a resumption while disabled runs nothing', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Paused' }));
    await store.insertJob(oneTimeJob('Jobs1', 'a', DUE), { maxJobs: 10 });
    await store.insertJob(oneTimeJob('Paused', 'p', DUE), { maxJobs: 10 });
    const { planner, hex } = planning();
    await setSuspended(store, 'Paused', true);
    await store.updateSubscription(SUB, { enabled: false });
    // Resumed while the subscription is disabled: still nothing runs.
    await setSuspended(store, 'Jobs1', true);
    await setSuspended(store, 'Jobs1', false);
    assert.deepEqual(await unheld(store), { jobs: 0, runs: 0 });
    assert.deepEqual(await store.claimDue(NOW, 10, LEASE, planner, hex), []);
    await store.updateSubscription(SUB, { enabled: true });
    assert.deepEqual(await unheld(store), { jobs: 1, runs: 0 });
    assert.deepEqual(
      (await store.claimDue(NOW, 10, LEASE, planner, hex)).map((r) => r.job.jobId),
      ['a'],
    );
    await setSuspended(store, 'Paused', false);
    assert.deepEqual(
      (await store.claimDue(NOW, 10, LEASE, planner, hex)).map((r) => r.job.jobId),
      ['p'],
    );
    await store.close();
  });

  test('a collection created in a disabled subscription holds its jobs from the start', async () => {
    const store = await open();
    await seedCollection(store);
    await store.updateSubscription(SUB, { enabled: false });
    await store.createJobCollection(collection({ name: 'New' }));
    await store.insertJob(oneTimeJob('New', 'n', DUE), { maxJobs: 10 });
    const { planner, hex } = planning();
    assert.deepEqual(await unheld(store), { jobs: 0, runs: 0 });
    assert.deepEqual(await store.claimDue(NOW, 10, LEASE, planner, hex), []);
    await store.updateSubscription(SUB, { enabled: true });
    assert.deepEqual(
      (await store.claimDue(NOW, 10, LEASE, planner, hex)).map((r) => r.job.jobId),
      ['n'],
    );
    await store.close();
  });
});
