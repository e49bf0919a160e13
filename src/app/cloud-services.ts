import type { CloudService, JobCollection } from '../domain/collection.js';
import { badRequest, notFound } from '../domain/errors.js';
import type { AppDeps } from './deps.js';
import { checkIfMatch } from './check-if-match.js';
import { requireCloudService } from './lookups.js';
import { translateStoreConflict } from './store-errors.js';

export interface CloudServiceInput {
  readonly label: string;
  readonly description: string;
  readonly geoRegion: string;
  readonly email?: string;
}

/** PUT /{sub}/CloudServices/{cs}: answered 202 once committed. Returns the ETag. */
export async function createCloudService(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
  parse: () => CloudServiceInput,
): Promise<CloudService> {
  const input = parse();
  const { regions, strictRegions } = deps.settings;
  if (strictRegions && !regions.some((r) => r.toLowerCase() === input.geoRegion.toLowerCase())) {
    throw badRequest(
      `GeoRegion: '${input.geoRegion}' is not one of the supported regions (${regions.join(', ')}).`,
    );
  }
  const cs: CloudService = {
    subscriptionId,
    name,
    label: input.label,
    description: input.description,
    geoRegion: input.geoRegion,
    ...(input.email !== undefined ? { email: input.email } : {}),
    etag: deps.ids.guid(),
    createdAt: deps.clock.now(),
  };
  try {
    await deps.store.createCloudService(cs);
  } catch (e) {
    throw translateStoreConflict(e, { exists: `A cloud service named '${name}' already exists.` });
  }
  return cs;
}

export interface CloudServiceView {
  readonly cloudService: CloudService;
  readonly collections: readonly JobCollection[];
}

export async function getCloudService(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
): Promise<CloudServiceView> {
  const cloudService = await requireCloudService(deps.store, subscriptionId, name);
  const collections = await deps.store.listJobCollections(subscriptionId, cloudService.name);
  return { cloudService, collections };
}

/** Ordered by name, each with its job collections. */
export async function listCloudServices(deps: AppDeps, subscriptionId: string): Promise<CloudServiceView[]> {
  const [services, collections] = await Promise.all([
    deps.store.listCloudServices(subscriptionId),
    deps.store.listJobCollections(subscriptionId),
  ]);
  return services.map((cloudService) => ({
    cloudService,
    collections: collections.filter((c) => c.cloudService.toLowerCase() === cloudService.name.toLowerCase()),
  }));
}

/**
 * Cascades (docs/reference/scheduling-rules.md §2): its job collections, their jobs, history and pending
 * runs go with it, and the engine is told so that nothing already due fires afterwards.
 */
export async function deleteCloudService(
  deps: AppDeps,
  subscriptionId: string,
  name: string,
  ifMatch: string | undefined,
): Promise<void> {
  const cs = await deps.store.getCloudService(subscriptionId, name);
  checkIfMatch(ifMatch, cs?.etag);
  if (!cs) throw notFound(`The cloud service '${name}' does not exist.`, { kind: 'cloudService', name });
  const collections = await deps.store.listJobCollections(subscriptionId, cs.name);
  if (!(await deps.store.deleteCloudService(subscriptionId, name)))
    throw notFound(`The cloud service '${name}' does not exist.`, { kind: 'cloudService', name });
  for (const jc of collections)
    deps.engine.jobsChanged({ subscriptionId, cloudService: jc.cloudService, collection: jc.name });
}
