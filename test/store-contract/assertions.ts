import assert from 'node:assert/strict';
import { StoreConflict, type Store, type StoreConflictReason } from '../../src/ports/store.js';

/** Asserts the promise rejects with StoreConflict of this reason (and nothing else). */
export async function rejectsConflict(p: Promise<unknown>, reason: StoreConflictReason): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof StoreConflict, `expected StoreConflict(${reason}), got ${String(err)}`);
    assert.equal(err.reason, reason);
    return true;
  });
}

/** Everything the port can read, walked from the subscriptions down: equal snapshots = same store. */
export async function snapshot(store: Store): Promise<unknown> {
  const subscriptions = await store.listSubscriptions();
  const out: unknown[] = [await store.listCertificates()];
  for (const sub of subscriptions) {
    const services = await store.listCloudServices(sub.id);
    const collections = await store.listJobCollections(sub.id);
    const jobs = [];
    for (const jc of collections) {
      const ref = { subscriptionId: sub.id, cloudService: jc.cloudService, collection: jc.name };
      for (const job of await store.listJobs(ref, {}, {})) {
        jobs.push({ job, history: await store.listHistory(job.ref, {}, {}) });
      }
      // The maintained counter (migration 004) belongs to the state a failed write must not touch.
      jobs.push({ collection: jc.name, jobCount: await store.countJobs(ref) });
    }
    out.push({ sub, tokens: await store.listTokens(sub.id), services, collections, jobs });
  }
  return out;
}
