/**
 * ARM resource groups (docs/api.md, ARM surface): a resource group IS the classic cloud service of
 * the same name — one entity, one namespace. Creating one creates the cloud service (Label = name,
 * empty Description, GeoRegion = the normalized location); deleting one deletes everything in it.
 */
import type { CloudService } from '../../domain/collection.js';
import { DomainError, badRequest } from '../../domain/errors.js';
import { isValidName } from '../../domain/names.js';
import { knownRegion, sameRegion } from '../../domain/regions.js';
import type { AppDeps } from '../deps.js';
import { deleteCloudService } from '../cloud-services.js';
import { requireCloudService } from '../lookups.js';
import { translateStoreConflict } from '../store-errors.js';

export const locationRequired = (): DomainError =>
  new DomainError('LocationRequired', 'location: is required to create the resource group.');

/** The region as the deployment spells it; unknown ones are kept as sent unless regions are strict. */
export function resolveLocation(deps: AppDeps, location: string): string {
  const known = knownRegion(deps.settings.regions, location);
  if (known !== undefined) return known;
  if (deps.settings.strictRegions) {
    throw new DomainError(
      'LocationNotAvailableForResourceType',
      `location: '${location}' is not one of the supported regions (${deps.settings.regions.join(', ')}).`,
    );
  }
  return location.trim();
}

/** The cloud service a new resource group becomes (not yet stored). */
/** docs/reference/scheduling-rules.md §2: a cloud service's GeoRegion has 1 to 100 characters. */
const MAX_REGION_CHARS = 100;

export function newResourceGroup(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
  location: string,
): CloudService {
  if (!isValidName(name)) {
    throw new DomainError(
      'InvalidResourceGroupName',
      `resourceGroupName: must be 1 to 100 characters from ASCII letters, digits, '-', '_', '.' and space, starting and ending with a letter or digit, got '${name.slice(0, 110)}'.`,
    );
  }
  const geoRegion = resolveLocation(deps, location);
  // A group is a cloud service: its GeoRegion rule (1–100 characters) holds through ARM too.
  if (geoRegion.length > MAX_REGION_CHARS) {
    throw badRequest(`location: must be at most ${MAX_REGION_CHARS} characters, got ${geoRegion.length}`);
  }
  return {
    subscriptionId,
    name,
    label: name,
    description: '',
    geoRegion,
    etag: deps.ids.guid(),
    createdAt: deps.clock.now(),
  };
}

export async function getResourceGroup(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
): Promise<CloudService> {
  return requireCloudService(deps.store, subscriptionId, name);
}

/** PUT: 201 when created, 200 when it exists in the same region, 409 in another. */
export async function putResourceGroup(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
  location: string | undefined,
): Promise<{ group: CloudService; created: boolean }> {
  if (location === undefined) throw locationRequired();
  const existing = await deps.store.getCloudService(subscriptionId, name);
  if (existing)
    return { group: checkSameRegion(existing, location, 'InvalidResourceGroupLocation'), created: false };
  const group = newResourceGroup(deps, subscriptionId, name, location);
  try {
    await deps.store.createCloudService(group);
  } catch (e) {
    // Created by a concurrent request in between: answer as if it had been there.
    const now = await deps.store.getCloudService(subscriptionId, name);
    if (now) return { group: checkSameRegion(now, location, 'InvalidResourceGroupLocation'), created: false };
    throw translateStoreConflict(e, {});
  }
  return { group, created: true };
}

export function checkSameRegion(
  group: CloudService,
  location: string,
  code: 'InvalidResourceGroupLocation' | 'InvalidResourceLocation',
): CloudService {
  if (sameRegion(group.geoRegion, location)) return group;
  throw new DomainError(
    code,
    `location: '${location}' differs from the resource group's location '${group.geoRegion}'; a resource group has one location.`,
  );
}

/**
 * DELETE: the cloud service with its collections, their jobs and history, in one transaction — the
 * same cascade as the classic Delete Cloud Service (docs/reference/scheduling-rules.md §2); the group
 * missing is 404.
 */
export async function deleteResourceGroup(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
): Promise<void> {
  await requireCloudService(deps.store, subscriptionId, name);
  await deleteCloudService(deps, subscriptionId, name, undefined);
}
