import type { CloudService, JobCollection } from '../../domain/collection.js';
import type { CollectionRef, Job } from '../../domain/job.js';
import {
  StoreConflict,
  type CollectionUpdateGuard,
  type CreateCollectionGuard,
  type GuardedCollection,
} from '../../ports/store.js';
import { all, get, run, type Program } from '../program.js';
import { armColumn, toCloudService, toCollection } from '../rows/collection-rows.js';
import { bool, flag, nameKey, num, opt, subKey } from '../rows/values.js';
import { toJob } from '../rows/job-rows.js';
import { SLOT_SHARDS } from '../sql/jobs.js';
import { updateJobs } from './job-verbs.js';
import { NO_LIMIT } from '../sql/queries.js';

/*
 * Lock order, kept by every write so PostgreSQL writers cannot deadlock one another:
 * subscription -> cloud service -> collection.
 */

export function* createCloudService(cs: CloudService): Program<void> {
  const sub = subKey(cs.subscriptionId);
  if (!(yield* get('lockSubscription', sub)))
    throw new StoreConflict('missing', `subscription ${sub} does not exist`);
  if (yield* get('lockCloudService', sub, nameKey(cs.name))) {
    throw new StoreConflict('exists', `cloud service ${cs.name} exists`);
  }
  yield* run(
    'insertCloudService',
    sub,
    nameKey(cs.name),
    cs.name,
    cs.label,
    cs.description,
    cs.geoRegion,
    opt(cs.email),
    cs.etag,
    cs.createdAt,
  );
}

export function* getCloudService(subscriptionId: string, name: string): Program<CloudService | undefined> {
  const row = yield* get('selectCloudService', subKey(subscriptionId), nameKey(name));
  return row && toCloudService(row);
}

export function* listCloudServices(subscriptionId: string): Program<CloudService[]> {
  return (yield* all('selectCloudServices', subKey(subscriptionId))).map(toCloudService);
}

/** Cascades (docs/reference/scheduling-rules.md §2): its collections, their jobs, history and pending runs. */
export function* deleteCloudService(subscriptionId: string, name: string): Program<boolean> {
  const row = yield* get('lockCloudService', subKey(subscriptionId), nameKey(name));
  if (!row) return false;
  const id = num(row, 'cs_id');
  // Lock order cloud service -> collections, as every collection write takes it.
  yield* all('lockCollectionsOfCloudService', id);
  yield* run('deleteCollectionsOfCloudService', id);
  yield* run('deleteCloudService', id);
  return true;
}

function* checkPlanCap(
  subscriptionId: string,
  plan: string,
  excludeId: number,
  max: number | undefined,
): Program<void> {
  if (max === undefined) return;
  const row = yield* get('countCollectionsOfPlan', subscriptionId, plan, excludeId);
  if (row && num(row, 'n') >= max)
    throw new StoreConflict('quota', `${max} ${plan} collection(s) already exist`);
}

function collectionValues(
  jc: JobCollection,
): [string, string, string | null, string, string, string, number, string | null, number] {
  return [
    jc.plan,
    JSON.stringify(jc.quota),
    opt(jc.label),
    jc.schemaVersion,
    jc.etag,
    jc.lastOperation,
    jc.suspended ? 1 : 0,
    armColumn(jc),
    jc.updatedAt,
  ];
}

export function* createJobCollection(jc: JobCollection, guard?: CreateCollectionGuard): Program<void> {
  const sub = subKey(jc.subscriptionId);
  // Locks the subscription first so two concurrent creates cannot both pass the plan cap, and an
  // unregister (unregisterSubscription) waits for the create or the create sees it.
  const subscription = yield* get('lockSubscription', sub);
  if (subscription && !bool(subscription, 'registered'))
    throw new StoreConflict('unregistered', `subscription ${sub} is not registered`);
  let cs = yield* get('lockCloudService', sub, nameKey(jc.cloudService));
  if (!cs && guard?.cloudService) {
    yield* createCloudService(guard.cloudService);
    cs = yield* get('lockCloudService', sub, nameKey(jc.cloudService));
  }
  if (!cs) throw new StoreConflict('missing', `cloud service ${jc.cloudService} does not exist`);
  if (yield* get('lockCollection', sub, nameKey(jc.cloudService), nameKey(jc.name))) {
    throw new StoreConflict('exists', `job collection ${jc.name} exists`);
  }
  yield* checkPlanCap(sub, jc.plan, -1, guard?.maxOfPlanPerSubscription);
  const [plan, quota, label, schemaVersion, etag, lastOperation, suspended, arm, updatedAt] =
    collectionValues(jc);
  const inserted = yield* get(
    'insertCollection',
    num(cs, 'cs_id'),
    sub,
    nameKey(jc.name),
    jc.name,
    plan,
    quota,
    label,
    schemaVersion,
    etag,
    lastOperation,
    suspended,
    arm,
    jc.createdAt,
    updatedAt,
  );
  // Its job counter's shards (verbs/job-slots.ts), empty and unsplit: the first create splits them.
  if (inserted) yield* run('ensureJobSlots', num(inserted, 'id'), SLOT_SHARDS);
}

/**
 * Unregisters the subscription from the resource provider unless it holds job collections, in one
 * transaction with the subscription locked, as a collection create locks it: the two cannot both
 * succeed. Answers how many collections it holds (0: unregistered).
 */
export function* unregisterSubscription(subscriptionId: string): Program<number> {
  const sub = subKey(subscriptionId);
  if (!(yield* get('lockSubscription', sub)))
    throw new StoreConflict('missing', `subscription ${sub} does not exist`);
  const count = yield* get('countCollections', sub);
  const held = count ? num(count, 'n') : 0;
  if (held === 0) yield* run('updateSubscription', sub, null, flag(false));
  return held;
}

/** If-Match semantics are the app's; `*` is accepted here too as "any existing". Case-insensitive. */
function etagMatches(stored: unknown, expected: string | undefined): boolean {
  return (
    expected === undefined || expected === '*' || String(stored).toLowerCase() === expected.toLowerCase()
  );
}

export function* updateJobCollection(jc: JobCollection, guard: CollectionUpdateGuard): Program<void> {
  const sub = subKey(jc.subscriptionId);
  yield* get('lockSubscription', sub);
  const row = yield* get('lockCollection', sub, nameKey(jc.cloudService), nameKey(jc.name));
  if (!row) throw new StoreConflict('missing', `job collection ${jc.name} does not exist`);
  if (!etagMatches(row['etag'], guard.expectedEtag)) throw new StoreConflict('etag');
  if (guard.expectedUpdatedAt !== undefined && num(row, 'updated_at') !== guard.expectedUpdatedAt) {
    throw new StoreConflict('version', `job collection ${jc.name} changed`);
  }
  const id = num(row, 'jc_id');
  yield* checkPlanCap(sub, jc.plan, id, guard.maxOfPlanPerSubscription);
  // With the collection row locked, no job write of it is in flight (each shares the row's key
  // until COMMIT on PostgreSQL; SQLite writes one at a time): the jobs read here are all there are,
  // and a write that checked the old limits and commits later is refused by its ETag guard.
  if (guard.jobsFit) {
    const key = [sub, nameKey(jc.cloudService), nameKey(jc.name)] as const;
    guard.jobsFit((yield* all('selectJobs', ...key, null, NO_LIMIT, 0)).map(toJob));
  }
  yield* run('updateCollection', id, ...collectionValues(jc));
  // Its jobs and its occurrences in progress are held out of the due order's way while it is
  // suspended (docs/engine.md, "Suspended collections"), and stay held while its subscription is
  // disabled ("Disabled subscriptions").
  if (bool(row, 'suspended') !== jc.suspended && !bool(row, 'tenant_disabled')) {
    yield* run(jc.suspended ? 'holdCollectionJobs' : 'releaseCollectionJobs', id);
    yield* run(jc.suspended ? 'holdCollectionRuns' : 'releaseCollectionRuns', id);
  }
}

/** Store.updateJobs with a collection: its row first (lock order collection -> job), one transaction. */
export function* updateCollectionAndJobs(
  c: GuardedCollection,
  jobs: readonly Job[],
  finalRuns?: ReadonlyMap<Job, string>,
): Program<void> {
  yield* updateJobCollection(c.jc, c.guard);
  yield* updateJobs(jobs, finalRuns);
}

/** The collection's cache key (SqlStore's collection cache): the same parts as the query's. */
export const collectionCacheKey = (ref: CollectionRef): string =>
  `${subKey(ref.subscriptionId)}\u0000${nameKey(ref.cloudService)}\u0000${nameKey(ref.collection)}`;

export function* getJobCollection(ref: CollectionRef): Program<JobCollection | undefined> {
  const row = yield* get(
    'selectCollection',
    subKey(ref.subscriptionId),
    nameKey(ref.cloudService),
    nameKey(ref.collection),
  );
  return row && toCollection(row);
}

export function* listJobCollections(subscriptionId: string, cloudService?: string): Program<JobCollection[]> {
  const rows = yield* all(
    'selectCollections',
    subKey(subscriptionId),
    cloudService === undefined ? null : nameKey(cloudService),
  );
  return rows.map(toCollection);
}

export function* deleteJobCollection(
  ref: CollectionRef,
  guard?: { expectedEtag?: string },
): Program<boolean> {
  const row = yield* get(
    'lockCollection',
    subKey(ref.subscriptionId),
    nameKey(ref.cloudService),
    nameKey(ref.collection),
  );
  if (!row) return false;
  if (!etagMatches(row['etag'], guard?.expectedEtag)) throw new StoreConflict('etag');
  yield* run('deleteCollection', num(row, 'jc_id'));
  return true;
}
