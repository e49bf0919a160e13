import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rejectsConflict } from './assertions.js';
import { forEachBackend } from './backends.js';
import {
  SUB,
  SUB2,
  cloudService,
  collection,
  historyEntry,
  job,
  jobRef,
  seedCollection,
  subscription,
} from './fixtures.js';

const REF = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' };

forEachBackend((_name, open) => {
  test('cloud services: create, case-insensitive get keeps casing, list by name', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.createCloudService(cloudService({ name: 'beta', email: 'ops@example.com' }));
    await store.createCloudService(cloudService({ name: 'Alpha' }));
    await store.createCloudService(cloudService({ name: 'Charlie' }));
    assert.deepEqual(
      await store.getCloudService(SUB.toUpperCase(), 'BETA'),
      cloudService({ name: 'beta', email: 'ops@example.com' }),
    );
    assert.deepEqual(
      (await store.listCloudServices(SUB)).map((cs) => cs.name),
      ['Alpha', 'beta', 'Charlie'],
    );
    assert.equal(await store.getCloudService(SUB, 'delta'), undefined);
    assert.deepEqual(await store.listCloudServices(SUB2), []);
  });

  test('cloud services: a taken name (any casing) and a missing subscription are refused', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.createCloudService(cloudService());
    await rejectsConflict(
      store.createCloudService(cloudService({ name: 'cs-WEST', label: 'other' })),
      'exists',
    );
    await rejectsConflict(store.createCloudService(cloudService({ subscriptionId: SUB2 })), 'missing');
    assert.deepEqual(await store.listCloudServices(SUB), [cloudService()]);
  });

  test('cloud services: delete takes its collections along, false when absent', async () => {
    const store = await open();
    await seedCollection(store);
    assert.ok(await store.getJobCollection(REF));
    assert.equal(await store.deleteCloudService(SUB, 'cs-west'), true);
    assert.equal(await store.getJobCollection(REF), undefined);
    assert.equal(await store.getCloudService(SUB, 'CS-West'), undefined);
    assert.equal(await store.deleteCloudService(SUB, 'cs-west'), false);
    // The name is free again.
    await store.createCloudService(cloudService({ name: 'cs-west' }));
  });

  test('collections: create and get round-trip every field, case-insensitively', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.createCloudService(cloudService());
    const full = collection({ label: 'bGFiZWw=', suspended: true, quota: {} });
    await store.createJobCollection(full);
    assert.deepEqual(
      await store.getJobCollection({
        subscriptionId: SUB.toUpperCase(),
        cloudService: 'cs-west',
        collection: 'JOBS1',
      }),
      full,
    );
    const plain = collection({ name: 'Jobs2' });
    await store.createJobCollection(plain);
    assert.deepEqual(await store.getJobCollection({ ...REF, collection: 'jobs2' }), plain);
    assert.equal(await store.getJobCollection({ ...REF, collection: 'jobs3' }), undefined);
  });

  test('collections: create guards: missing cloud service, taken name, plan cap per subscription', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.createCloudService(cloudService());
    await store.createCloudService(cloudService({ name: 'CS-East' }));
    await rejectsConflict(store.createJobCollection(collection({ cloudService: 'CS-North' })), 'missing');
    await rejectsConflict(store.createJobCollection(collection({ subscriptionId: SUB2 })), 'missing');
    await store.createJobCollection(collection({ plan: 'Free' }), { maxOfPlanPerSubscription: 1 });
    await rejectsConflict(
      store.createJobCollection(collection({ name: 'JOBS1', plan: 'Premium' })),
      'exists',
    );
    // The cap counts the whole subscription, across cloud services, and only that plan.
    await rejectsConflict(
      store.createJobCollection(collection({ cloudService: 'CS-East', name: 'Free2', plan: 'Free' }), {
        maxOfPlanPerSubscription: 1,
      }),
      'quota',
    );
    await store.createJobCollection(collection({ cloudService: 'CS-East', name: 'Std', plan: 'Standard' }), {
      maxOfPlanPerSubscription: 1,
    });
    // The same name in another cloud service is another collection.
    await store.createJobCollection(collection({ cloudService: 'CS-East', name: 'Jobs1' }));
    assert.deepEqual(
      (await store.listJobCollections(SUB)).map((c) => `${c.cloudService}/${c.name}/${c.plan}`),
      ['CS-East/Jobs1/Standard', 'CS-West/Jobs1/Free', 'CS-East/Std/Standard'],
    );
    assert.deepEqual(
      (await store.listJobCollections(SUB, 'cs-east')).map((c) => c.name),
      ['Jobs1', 'Std'],
    );
    assert.deepEqual(await store.listJobCollections(SUB, 'nowhere'), []);
  });

  test('collections: update replaces settings under the ETag guard and the plan cap', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'FreeOne', plan: 'Free' }));
    const changed = collection({
      plan: 'Premium',
      quota: { maxJobCount: 1000 },
      label: 'bmV3',
      etag: 'jc-etag-2',
      lastOperation: 'Update',
      suspended: true,
      updatedAt: collection().updatedAt + 1000,
    });
    await rejectsConflict(store.updateJobCollection(changed, { expectedEtag: 'stale' }), 'etag');
    assert.deepEqual(await store.getJobCollection(REF), collection());
    await store.updateJobCollection(changed, { expectedEtag: 'JC-ETAG-1' });
    assert.deepEqual(await store.getJobCollection(REF), changed);
    await store.updateJobCollection({ ...changed, etag: 'jc-etag-3' }, { expectedEtag: '*' });
    await store.updateJobCollection({ ...changed, etag: 'jc-etag-4' }, {});
    assert.equal((await store.getJobCollection(REF))?.etag, 'jc-etag-4');

    // Moving to Free while another Free exists breaks a cap of 1; the Free one itself may be updated.
    await rejectsConflict(
      store.updateJobCollection(collection({ plan: 'Free' }), { maxOfPlanPerSubscription: 1 }),
      'quota',
    );
    await store.updateJobCollection(collection({ name: 'FreeOne', plan: 'Free', etag: 'x' }), {
      maxOfPlanPerSubscription: 1,
    });
    assert.equal((await store.getJobCollection({ ...REF, collection: 'freeone' }))?.etag, 'x');
    await rejectsConflict(store.updateJobCollection(collection({ name: 'Nope' }), {}), 'missing');
  });

  test('collections: delete honours the ETag guard and takes jobs and their history with it', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('j1'), { maxJobs: 10 });
    await store.insertJob(job('j2'), { maxJobs: 10 });
    await store.appendHistory([historyEntry(jobRef('j1')), historyEntry(jobRef('j2'))]);

    await rejectsConflict(store.deleteJobCollection(REF, { expectedEtag: 'stale' }), 'etag');
    assert.equal(await store.countJobs(REF), 2);
    assert.equal(
      await store.deleteJobCollection({ ...REF, collection: 'JOBS1' }, { expectedEtag: 'jc-etag-1' }),
      true,
    );
    assert.equal(await store.getJobCollection(REF), undefined);
    assert.equal(await store.deleteJobCollection(REF), false);

    // Re-created under the same name, it starts empty: nothing of the old jobs or history leaks back.
    await store.createJobCollection(collection());
    assert.equal(await store.countJobs(REF), 0);
    assert.equal(await store.getJob(jobRef('j1')), undefined);
    await store.insertJob(job('j1'), { maxJobs: 10 });
    assert.deepEqual(await store.listHistory(jobRef('j1'), {}, {}), []);
  });
});
