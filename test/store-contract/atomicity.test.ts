import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreConflict } from '../../src/ports/store.js';
import { rejectsConflict, snapshot } from './assertions.js';
import { forEachBackend } from './backends.js';
import {
  SUB,
  SUB2,
  T0,
  cloudService,
  collection,
  historyEntry,
  job,
  jobRef,
  seedCollection,
  subscription,
} from './fixtures.js';

forEachBackend((_name, open) => {
  test('a failed guarded write leaves the store exactly as it was', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Free', plan: 'Free' }));
    await store.addToken({ id: 't', subscriptionId: SUB, hash: 'h', createdAt: T0 });
    for (const id of ['a', 'b']) await store.insertJob(job(id), { maxJobs: 2 });
    await store.appendHistory([historyEntry(jobRef('a'))]);
    const before = await snapshot(store);

    await rejectsConflict(store.createSubscription(subscription()), 'exists');
    await rejectsConflict(store.createCloudService(cloudService({ name: 'cs-west' })), 'exists');
    await rejectsConflict(
      store.createJobCollection(collection({ name: 'Free2', plan: 'Free' }), { maxOfPlanPerSubscription: 1 }),
      'quota',
    );
    await rejectsConflict(
      store.updateJobCollection(collection({ plan: 'Free', etag: 'new' }), { maxOfPlanPerSubscription: 1 }),
      'quota',
    );
    await rejectsConflict(
      store.updateJobCollection(collection({ etag: 'new' }), { expectedEtag: 'old' }),
      'etag',
    );
    await rejectsConflict(
      store.deleteJobCollection(
        { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' },
        { expectedEtag: 'old' },
      ),
      'etag',
    );
    await rejectsConflict(store.insertJob(job('c'), { maxJobs: 2 }), 'quota');
    // The first two updates succeed inside the transaction; the third's guard rolls them back.
    const a2 = { ...job('a'), version: 2, state: 'disabled' as const };
    const b2 = { ...job('b'), version: 2, state: 'disabled' as const };
    await rejectsConflict(store.updateJobs([a2, b2, { ...job('a'), version: 2 }]), 'version');
    await rejectsConflict(
      store.addCertificate({
        thumbprint: 'AB'.repeat(20),
        subject: 'CN=x',
        notBefore: T0,
        notAfter: T0,
        subscriptionIds: [SUB, SUB2],
        addedAt: T0,
      }),
      'missing',
    );
    await rejectsConflict(
      store.addToken({ id: 't2', subscriptionId: SUB, hash: 'h', createdAt: T0 }),
      'exists',
    );

    assert.deepEqual(await snapshot(store), before);
  });

  test('concurrent guarded writes from two nodes: the caps hold exactly', async () => {
    const first = await open();
    const second = await open({ sameAs: first });
    await seedCollection(first);
    await first.createCloudService(cloudService({ name: 'CS-East' }));

    const inserts = Array.from({ length: 8 }, (_, i) =>
      (i % 2 === 0 ? first : second).insertJob(job(`j${i}`), { maxJobs: 5 }),
    );
    const results = await Promise.allSettled(inserts);
    const rejected = results.filter((r) => r.status === 'rejected');
    assert.equal(results.length - rejected.length, 5);
    for (const r of rejected)
      assert.ok(r.reason instanceof StoreConflict && r.reason.reason === 'quota', String(r.reason));
    assert.equal(
      await second.countJobs({ subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' }),
      5,
    );

    const creates = ['F1', 'F2', 'F3', 'F4'].map((name, i) =>
      (i % 2 === 0 ? first : second).createJobCollection(
        collection({ cloudService: i < 2 ? 'CS-West' : 'CS-East', name, plan: 'Free' }),
        {
          maxOfPlanPerSubscription: 1,
        },
      ),
    );
    const created = await Promise.allSettled(creates);
    assert.equal(created.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal((await first.listJobCollections(SUB)).filter((c) => c.plan === 'Free').length, 1);

    // The same job updated by two writers from one version: exactly one wins.
    // Any of the five that won the quota race (which five depends on how the two nodes interleave).
    const winner = inserts.findIndex((_, i) => results[i]!.status === 'fulfilled');
    const stored = await first.getJob(jobRef(`j${winner}`));
    assert.ok(stored, `j${winner} was inserted and reads back`);
    const updates = await Promise.allSettled([
      first.updateJob({ ...stored, version: stored.version + 1, state: 'disabled' }),
      second.updateJob({ ...stored, version: stored.version + 1, state: 'completed' }),
    ]);
    assert.equal(updates.filter((r) => r.status === 'fulfilled').length, 1);
    const rejectedUpdate = updates.find((r) => r.status === 'rejected');
    assert.ok(rejectedUpdate?.status === 'rejected' && rejectedUpdate.reason instanceof StoreConflict);
    assert.equal(rejectedUpdate.reason.reason, 'version');

    const subs = await Promise.allSettled([
      first.createSubscription(subscription({ id: SUB2 })),
      second.createSubscription(subscription({ id: SUB2 })),
    ]);
    assert.equal(subs.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = subs.find((r) => r.status === 'rejected');
    assert.ok(
      lost?.status === 'rejected' && lost.reason instanceof StoreConflict && lost.reason.reason === 'exists',
    );
  });
});
