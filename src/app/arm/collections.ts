/**
 * ARM job collection writes and reads (docs/api.md, ARM surface). They map the ARM model onto the
 * one collection use case (`putJobCollection`: plans, quotas, the Free cap, ETags, engine wake-ups)
 * and add what only ARM has: resource group creation with the collection, locations, tags, the SKU
 * name and the collection state.
 */
import {
  collectionState,
  keepStoredMaxRecurrence,
  type CloudService,
  type CollectionState,
  type JobCollection,
  type Plan,
  type PremiumSku,
  type Quota,
} from '../../domain/collection.js';
import { DomainError } from '../../domain/errors.js';
import type { CollectionRef } from '../../domain/job.js';
import { isValidName } from '../../domain/names.js';
import type { AppDeps } from '../deps.js';
import { NotRegistered, putJobCollection } from '../job-collections.js';
import { setAllJobStates, recordCollectionState } from '../jobs/set-all-states.js';
import { requireCloudService, requireCollection } from '../lookups.js';
import { checkSameRegion, locationRequired, newResourceGroup } from './resource-groups.js';
import { extend } from '../../domain/extend.js';

/** An ARM collection body after parsing; absent members mean "not sent". */
export interface ArmCollectionInput {
  readonly location?: string;
  /** `null`: sent as null or `{}` (clears on PATCH). */
  readonly tags?: Readonly<Record<string, string>> | null;
  readonly sku?: { readonly plan: Plan; readonly premiumSku?: PremiumSku };
  readonly state?: CollectionState;
  /** `null`: sent as null (none); an object: the members sent (a PATCH merges them). */
  readonly quota?: Quota | null;
  /** Quota members sent as null (a PATCH removes them). */
  readonly quotaCleared?: readonly (keyof Quota)[];
}

/** A collection with the location of its resource group. */
export interface ArmCollectionView {
  readonly collection: JobCollection;
  readonly location: string;
}

const MISSING_REGISTRATION = "The subscription is not registered to use namespace 'Microsoft.Scheduler'.";

/**
 * A4 PUT (replace; creates the group when missing and a location is given) and A5 PATCH (only
 * the members sent change). Check order: group (404, PATCH only) → body (400) → location,
 * registration, plans and quotas (409).
 */
export async function writeArmCollection(
  deps: AppDeps,
  ref: CollectionRef,
  mode: 'put' | 'patch',
  parse: () => ArmCollectionInput,
): Promise<ArmCollectionView & { readonly created: boolean }> {
  const group =
    mode === 'patch'
      ? await requireCloudService(deps.store, ref.subscriptionId, ref.cloudService)
      : await deps.store.getCloudService(ref.subscriptionId, ref.cloudService);
  const existing = group ? await deps.store.getJobCollection(ref) : undefined;
  if (mode === 'patch' && !existing) await requireCollection(deps.store, ref);
  const body = parse();
  let newGroup: CloudService | undefined;
  if (!group) {
    if (body.location === undefined) throw locationRequired();
    newGroup = newResourceGroup(deps, ref.subscriptionId, ref.cloudService, body.location);
  } else if (body.location !== undefined) {
    checkSameRegion(group, body.location, 'InvalidResourceLocation');
  }
  if (!existing) {
    if (!isValidName(ref.collection)) {
      throw new DomainError(
        'InvalidResourceName',
        `jobCollectionName: must be 1 to 100 characters from ASCII letters, digits, '-', '_', '.' and space, starting and ending with a letter or digit, got '${ref.collection.slice(0, 110)}'.`,
      );
    }
    const subscription = await deps.store.getSubscription(ref.subscriptionId);
    if (subscription?.registered !== true)
      throw new DomainError('MissingSubscriptionRegistration', MISSING_REGISTRATION);
  }
  // A PATCH of the state alone (or of nothing) changes no setting: the ETag stays (docs/api.md,
  // "Collection state"), so a classic client holding it is not refused for a write that was not one.
  if (
    existing &&
    mode === 'patch' &&
    body.sku === undefined &&
    quotaUnchanged(body) &&
    body.tags === undefined
  ) {
    const after = body.state === undefined ? existing : await applyState(deps, existing, body.state);
    return { collection: after, location: group?.geoRegion ?? '', created: false };
  }
  const replace = mode === 'put';
  // What a client read back and sends again keeps a classic Year maximum (domain/collection.ts).
  const quota = body.quota && existing ? keepStoredMaxRecurrence(body.quota, existing.quota) : body.quota;
  // A PATCH merges the quota's members onto the stored ones (RFC 7396); null removes it whole.
  const quotaPatch =
    !replace && existing && body.quota ? { set: body.quota, cleared: body.quotaCleared ?? [] } : undefined;
  const { collection, created } = await putJobCollection(
    deps,
    ref,
    () =>
      extend(
        body.sku
          ? { plan: body.sku.plan, ...(body.sku.premiumSku ? { premiumSku: body.sku.premiumSku } : {}) }
          : {},
        // PUT replaces: an absent quota or tags map is none. PATCH keeps what was not sent, read
        // again when another request wrote the collection meanwhile (putJobCollection).
        quotaPatch
          ? { quotaPatch }
          : quota !== undefined || replace
            ? { quota: quota ?? {} }
            : { keepQuota: true },
        body.tags !== undefined || replace ? { tags: body.tags ?? {} } : {},
      ),
    newGroup !== undefined ? { newCloudService: newGroup } : {},
  ).catch((e: unknown) => {
    // Unregistered between the check above and the create, which the store then refused.
    throw e instanceof NotRegistered
      ? new DomainError('MissingSubscriptionRegistration', MISSING_REGISTRATION)
      : e;
  });
  const after = body.state === undefined ? collection : await applyState(deps, collection, body.state);
  return { collection: after, location: (group ?? newGroup)?.geoRegion ?? '', created };
}

/**
 * The state transitions of docs/api.md (collection state): Disabled disables every enabled job,
 * Enabled from Disabled enables every disabled one, Enabled from Suspended and Suspended change
 * only the collection (the engine runs no job of a suspended collection).
 */
async function applyState(
  deps: AppDeps,
  collection: JobCollection,
  wanted: CollectionState,
): Promise<JobCollection> {
  const current = collectionState(collection);
  if (wanted === current) return collection;
  const ref = {
    subscriptionId: collection.subscriptionId,
    cloudService: collection.cloudService,
    collection: collection.name,
  };
  // Suspended changes no job, also from Disabled: the jobs stay disabled while suspended and after.
  if (wanted === 'Disabled' || (wanted === 'Enabled' && current === 'Disabled')) {
    await setAllJobStates(deps, ref, () => (wanted === 'Disabled' ? 'disabled' : 'enabled'));
    return (await requireCollection(deps.store, ref)).collection;
  }
  return recordCollectionState(deps, collection, { suspended: wanted === 'Suspended', jobsDisabled: false });
}

/** A7 enable / A8 disable: always applied to the jobs, whatever the stored state. */
export async function setArmCollectionState(
  deps: AppDeps,
  ref: CollectionRef,
  action: 'enable' | 'disable',
): Promise<void> {
  await setAllJobStates(deps, ref, () => (action === 'enable' ? 'enabled' : 'disabled'));
}

export async function getArmCollection(deps: AppDeps, ref: CollectionRef): Promise<ArmCollectionView> {
  const { cloudService, collection } = await requireCollection(deps.store, ref);
  return { collection, location: cloudService.geoRegion };
}

const byName = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A1 (every group, ordered by group then collection name) and A2 (one group, 404 when missing). */
export async function listArmCollections(
  deps: AppDeps,
  subscriptionId: string,
  groupName?: string,
): Promise<ArmCollectionView[]> {
  const groups =
    groupName === undefined
      ? await deps.store.listCloudServices(subscriptionId)
      : [await requireCloudService(deps.store, subscriptionId, groupName)];
  const collections = await deps.store.listJobCollections(subscriptionId, groupName);
  const regionOf = new Map(groups.map((g) => [g.name.toLowerCase(), g.geoRegion]));
  return collections
    .map((collection) => ({
      collection,
      location: regionOf.get(collection.cloudService.toLowerCase()) ?? '',
    }))
    .sort(
      (a, b) =>
        byName(a.collection.cloudService, b.collection.cloudService) ||
        byName(a.collection.name, b.collection.name),
    );
}

/** No quota sent, or an empty object with nothing sent as null: a PATCH that changes no quota member. */
function quotaUnchanged(body: ArmCollectionInput): boolean {
  if (body.quota === undefined) return true;
  return (
    body.quota !== null && Object.keys(body.quota).length === 0 && (body.quotaCleared ?? []).length === 0
  );
}
