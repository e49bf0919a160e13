import type { CloudService, JobCollection } from '../domain/collection.js';
import { notFound } from '../domain/errors.js';
import type { CollectionRef, Job, JobRef } from '../domain/job.js';
import type { Store } from '../ports/store.js';

/** Existence checks shared by the use cases (check order step 6: parents first, then the resource). */

export async function requireCloudService(
  store: Store,
  subscriptionId: string,
  name: string,
): Promise<CloudService> {
  const cs = await store.getCloudService(subscriptionId, name);
  if (!cs) throw notFound(`The cloud service '${name}' does not exist.`, { kind: 'cloudService', name });
  return cs;
}

export async function requireCollection(
  store: Store,
  ref: CollectionRef,
): Promise<{ cloudService: CloudService; collection: JobCollection }> {
  const cloudService = await requireCloudService(store, ref.subscriptionId, ref.cloudService);
  const collection = await store.getJobCollection(ref);
  if (!collection) {
    throw notFound(`The job collection '${ref.collection}' does not exist.`, {
      kind: 'collection',
      name: ref.collection,
    });
  }
  return { cloudService, collection };
}

/**
 * The collection alone, in one query when it exists: the store finds it through its cloud service,
 * so a found collection proves its parent. Only a miss asks for the cloud service, to say which of
 * the two is missing (the same 404s as `requireCollection`).
 */
export async function requireJobCollection(store: Store, ref: CollectionRef): Promise<JobCollection> {
  const collection = await store.getJobCollection(ref);
  if (collection) return collection;
  return (await requireCollection(store, ref)).collection;
}

/**
 * The collection (404s as `requireJobCollection`) and the job if it exists: one store call, so a
 * PUT reads both in one round trip on PostgreSQL.
 */
export async function requireJobCollectionWithJob(
  store: Store,
  ref: JobRef,
): Promise<{ collection: JobCollection; job: Job | undefined }> {
  const { collection, job } = await store.getJobInCollection(ref);
  if (collection) return { collection, job };
  return { collection: (await requireCollection(store, ref)).collection, job: undefined };
}

export async function requireJob(store: Store, ref: JobRef): Promise<Job> {
  const job = await store.getJob(ref);
  if (!job) throw notFound(`The job '${ref.jobId}' does not exist.`, { kind: 'job', name: ref.jobId });
  return job;
}
