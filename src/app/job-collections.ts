import {
  keepStoredMaxRecurrence,
  type CloudService,
  type JobCollection,
  type Plan,
  type PremiumSku,
  type Quota,
} from '../domain/collection.js';
import { conflict, DomainError, notFound } from '../domain/errors.js';
import type { CollectionRef, Job } from '../domain/job.js';
import type { AppDeps } from './deps.js';
import { checkIfMatch } from './check-if-match.js';
import { requireCloudService, requireCollection } from './lookups.js';
import { checkJobAgainstLimits, checkQuotaWithinPlan, collectionLimits } from './quotas.js';
import { translateStoreConflict, withVersionRetry } from './store-errors.js';
import { StoreConflict } from '../ports/store.js';
import { extend } from '../domain/extend.js';

/** What a `<Resource>` body (or an ARM body) carries; absent members keep their stored values on update. */
export interface CollectionInput {
  readonly plan?: Plan;
  /** Present when the body had a `Quota` element: replaces the whole stored quota. */
  readonly quota?: Quota;
  readonly label?: string;
  readonly schemaVersion?: string;
  /** ARM `tags`: replaces the stored map (`{}` clears it). */
  readonly tags?: Readonly<Record<string, string>>;
  /** ARM SKU name of a Premium plan (P10Premium or P20Premium). */
  readonly premiumSku?: PremiumSku;
  /** ARM PATCH: a plan change without a quota keeps the stored quota (classic clears it). */
  readonly keepQuota?: boolean;
  /**
   * ARM PATCH of `quota` (RFC 7396): `set` members replace the stored ones, `cleared` ones are
   * removed, the rest are kept — merged onto the collection as read in the write's own try.
   */
  readonly quotaPatch?: { readonly set: Quota; readonly cleared: readonly (keyof Quota)[] };
}

export interface PutCollectionOptions {
  readonly ifMatch?: string;
  /** ARM: the resource group created with the collection, in one transaction, when it is missing. */
  readonly newCloudService?: CloudService;
}

/**
 * PUT of a job collection: create (#16) or update (#17), answered 202 once committed.
 * Check order: cloud service exists (404), body valid (400), If-Match (412), plan rules (409).
 */
export async function putJobCollection(
  deps: AppDeps,
  ref: CollectionRef,
  parse: () => CollectionInput,
  options: PutCollectionOptions = {},
): Promise<{ collection: JobCollection; created: boolean }> {
  const { ifMatch, newCloudService } = options;
  const cs = newCloudService ?? (await requireCloudService(deps.store, ref.subscriptionId, ref.cloudService));
  const input = parse();
  // Without If-Match the PUT is unconditional: when another request creates or changes the
  // collection between this one's read and its write, it is read again and this body applied on
  // top (a 409 after five such tries), never a 412 the client did not ask for.
  return withVersionRetry(async () => {
    const existing = await deps.store.getJobCollection(ref);
    checkIfMatch(ifMatch, existing?.etag);
    if (!existing) {
      return { collection: await createCollection(deps, ref, cs, input, newCloudService), created: true };
    }
    const collection = await updateCollection(deps, existing, input, ifMatch !== undefined);
    deps.engine.jobsChanged(ref);
    return { collection, created: false };
  });
}

/** A collection create in a subscription not registered for the resource provider (classic 409). */
export class NotRegistered extends DomainError {
  constructor() {
    super('ConflictError', 'The subscription is not registered for the scheduler resource provider.');
  }
}

async function createCollection(
  deps: AppDeps,
  ref: CollectionRef,
  cs: CloudService,
  input: CollectionInput,
  newCloudService: CloudService | undefined,
): Promise<JobCollection> {
  const now = deps.clock.now();
  const sub = await deps.store.getSubscription(ref.subscriptionId);
  if (sub && !sub.registered) throw new NotRegistered();
  const collection: JobCollection = {
    subscriptionId: ref.subscriptionId,
    cloudService: cs.name,
    name: ref.collection,
    plan: input.plan ?? 'Standard',
    quota: input.quota ?? {},
    ...(input.label !== undefined ? { label: input.label } : {}),
    schemaVersion: input.schemaVersion ?? '1.1',
    etag: deps.ids.guid(),
    lastOperation: 'Create',
    suspended: false,
    ...(input.tags !== undefined && Object.keys(input.tags).length > 0 ? { tags: input.tags } : {}),
    ...(input.premiumSku !== undefined && input.plan === 'Premium' ? { premiumSku: input.premiumSku } : {}),
    createdAt: now,
    updatedAt: now,
  };
  checkQuotaWithinPlan(deps.settings.plans, collection);
  const cap = deps.settings.plans[collection.plan].maxCollectionsPerSubscription;
  try {
    await deps.store.createJobCollection(
      collection,
      extend(
        cap !== undefined ? { maxOfPlanPerSubscription: cap } : {},
        newCloudService !== undefined ? { cloudService: newCloudService } : {},
      ),
    );
  } catch (e) {
    // Created by another request since the read (a create only runs without If-Match): update it.
    if (e instanceof StoreConflict && e.reason === 'exists') throw new StoreConflict('version', e.message);
    // Unregistered since the read above: the store refused the create in the same step.
    if (e instanceof StoreConflict && e.reason === 'unregistered') throw new NotRegistered();
    throw translateStoreConflict(e, {
      quota: `The subscription already has its maximum of ${cap ?? 0} ${collection.plan} job collection(s).`,
    });
  }
  return collection;
}

async function updateCollection(
  deps: AppDeps,
  existing: JobCollection,
  input: CollectionInput,
  /** The client sent If-Match: a change by another request since the read is then a 412. */
  conditional: boolean,
): Promise<JobCollection> {
  const now = deps.clock.now();

  const plan = input.plan ?? existing.plan;
  // A Quota element replaces the stored quota; a plan change without one clears it.
  const quota = input.quotaPatch
    ? patchedQuota(existing.quota, input.quotaPatch)
    : (input.quota ?? (plan !== existing.plan && input.keepQuota !== true ? {} : existing.quota));
  const label = input.label ?? existing.label;
  const tags = input.tags ?? existing.tags;
  // A classic write keeping the plan Premium keeps the ARM SKU name; a plan change resets it.
  const premiumSku =
    plan !== 'Premium'
      ? undefined
      : (input.premiumSku ?? (plan === existing.plan ? existing.premiumSku : undefined));
  const { label: _l, tags: _t, premiumSku: _p, ...base } = existing;
  const collection: JobCollection = extend(base, {
    plan,
    quota,
    ...(label !== undefined ? { label } : {}),
    ...(tags !== undefined && Object.keys(tags).length > 0 ? { tags } : {}),
    ...(premiumSku !== undefined ? { premiumSku } : {}),
    schemaVersion: input.schemaVersion ?? existing.schemaVersion,
    etag: deps.ids.guid(),
    lastOperation: 'Update',
    updatedAt: now,
  });
  checkQuotaWithinPlan(deps.settings.plans, collection);
  const cap = plan !== existing.plan ? deps.settings.plans[plan].maxCollectionsPerSubscription : undefined;
  // New limits are checked against the jobs in the update's own transaction, where no job write
  // can slip in between (Store.updateJobCollection, `jobsFit`).
  const limitsChange = plan !== existing.plan || JSON.stringify(quota) !== JSON.stringify(existing.quota);
  try {
    await deps.store.updateJobCollection(collection, {
      expectedEtag: existing.etag,
      // A state write keeps the ETag but moves updatedAt: its flags are not written back as read.
      expectedUpdatedAt: existing.updatedAt,
      ...(cap !== undefined ? { maxOfPlanPerSubscription: cap } : {}),
      ...(limitsChange ? { jobsFit: (jobs: readonly Job[]) => checkJobsFit(deps, collection, jobs) } : {}),
    });
  } catch (e) {
    if (!conditional && e instanceof StoreConflict && e.reason === 'etag') {
      throw new StoreConflict('version', e.message);
    }
    throw translateStoreConflict(e, {
      quota: `The subscription already has its maximum of ${cap ?? 0} ${plan} job collection(s).`,
    });
  }
  return collection;
}

/** A plan or quota change that existing jobs would violate is refused (409). */
function checkJobsFit(deps: AppDeps, collection: JobCollection, jobs: readonly Job[]): void {
  const limits = collectionLimits(deps.settings.plans, collection);
  if (jobs.length > limits.maxJobs) {
    throw conflict(
      `The job collection holds ${jobs.length} jobs, more than the ${limits.maxJobs} the new plan or quota allows.`,
    );
  }
  for (const job of jobs) {
    try {
      checkJobAgainstLimits(job.definition, job.schedule.anchor, limits, collection.plan);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw conflict(`The job '${job.ref.jobId}' would violate the new plan or quota: ${why}`);
    }
  }
}

/** The collection with its cloud service's region (the GET view shows `CloudServiceSettings`). */
export async function getJobCollectionView(
  deps: AppDeps,
  ref: CollectionRef,
): Promise<{ collection: JobCollection; geoRegion: string }> {
  const { cloudService, collection } = await requireCollection(deps.store, ref);
  return { collection, geoRegion: cloudService.geoRegion };
}

export async function deleteJobCollection(
  deps: AppDeps,
  ref: CollectionRef,
  ifMatch: string | undefined,
): Promise<void> {
  await requireCloudService(deps.store, ref.subscriptionId, ref.cloudService);
  const existing = await deps.store.getJobCollection(ref);
  checkIfMatch(ifMatch, existing?.etag);
  if (!existing)
    throw notFound(`The job collection '${ref.collection}' does not exist.`, {
      kind: 'collection',
      name: ref.collection,
    });
  let deleted: boolean;
  try {
    deleted = await deps.store.deleteJobCollection(
      ref,
      ifMatch !== undefined ? { expectedEtag: existing.etag } : {},
    );
  } catch (e) {
    throw translateStoreConflict(e, { etag: 'The job collection was changed by another request.' });
  }
  if (!deleted)
    throw notFound(`The job collection '${ref.collection}' does not exist.`, {
      kind: 'collection',
      name: ref.collection,
    });
  deps.engine.jobsChanged(ref);
}

/** #19: false when the name is invalid or taken (case-insensitive) in the cloud service. */
export async function isCollectionNameAvailable(
  deps: AppDeps,
  subscriptionId: string,
  cloudService: string,
  name: string,
  isValidName: (name: string) => boolean,
): Promise<boolean> {
  const cs = await requireCloudService(deps.store, subscriptionId, cloudService);
  if (!isValidName(name)) return false;
  return (
    (await deps.store.getJobCollection({ subscriptionId, cloudService: cs.name, collection: name })) ===
    undefined
  );
}

/** The stored quota with a PATCH's members merged in (docs/api.md, ARM collection PATCH). */
function patchedQuota(stored: Quota, patch: NonNullable<CollectionInput['quotaPatch']>): Quota {
  const out: { -readonly [K in keyof Quota]: Quota[K] } = { ...stored };
  for (const name of patch.cleared) delete out[name];
  if (patch.set.maxJobCount !== undefined) out.maxJobCount = patch.set.maxJobCount;
  if (patch.set.maxJobOccurrence !== undefined) out.maxJobOccurrence = patch.set.maxJobOccurrence;
  if (patch.set.maxRecurrence !== undefined) out.maxRecurrence = patch.set.maxRecurrence;
  return keepStoredMaxRecurrence(out, stored);
}
