/** A1–A8: job collections through ARM (docs/api.md, ARM job collections). */
import {
  getArmCollection,
  listArmCollections,
  setArmCollectionState,
  writeArmCollection,
} from '../../../app/arm/collections.js';
import { deleteJobCollection } from '../../../app/job-collections.js';
import type { CollectionRef } from '../../../domain/job.js';
import { armQuotaError, formatArmCollection, parseArmCollection } from '../../../wire/arm/collection-json.js';
import { formatArmList } from '../../../wire/arm/list-json.js';
import { PROVIDER_NAMESPACE } from '../../../wire/arm/resource-ids.js';
import { pageOf, readArmJson, readSkip, seg } from '../arm-request.js';
import type { Outcome } from '../../handler.js';
import type { ArmCall } from '../arm-types.js';
import { armParam } from './arm-param.js';

export function armCollectionRef(call: ArmCall): CollectionRef {
  return {
    subscriptionId: armParam(call, 'sub'),
    cloudService: armParam(call, 'rg'),
    collection: armParam(call, 'jc'),
  };
}

/** A4 PUT: 201 created, 200 replaced. */
export async function putArmCollectionHandler(call: ArmCall): Promise<Outcome> {
  const root = readArmJson(call.body);
  const view = await writeArmCollection(call.deps.app, armCollectionRef(call), 'put', () =>
    parseArmCollection(root),
  ).catch((e: unknown) => {
    throw armQuotaError(e);
  });
  return {
    status: view.created ? 201 : 200,
    json: formatArmCollection(view.collection, view.location, call.apiVersion),
  };
}

/** A5 PATCH: only the members sent change; 200. */
export async function patchArmCollectionHandler(call: ArmCall): Promise<Outcome> {
  const root = readArmJson(call.body);
  const view = await writeArmCollection(call.deps.app, armCollectionRef(call), 'patch', () =>
    parseArmCollection(root),
  ).catch((e: unknown) => {
    throw armQuotaError(e);
  });
  return { status: 200, json: formatArmCollection(view.collection, view.location, call.apiVersion) };
}

/** A3 */
export async function getArmCollectionHandler(call: ArmCall): Promise<Outcome> {
  const view = await getArmCollection(call.deps.app, armCollectionRef(call));
  return { status: 200, json: formatArmCollection(view.collection, view.location, call.apiVersion) };
}

/** A6: the collection with its jobs and history; the group stays. 200, empty. */
export async function deleteArmCollectionHandler(call: ArmCall): Promise<Outcome> {
  await deleteJobCollection(call.deps.app, armCollectionRef(call), undefined);
  return { status: 200 };
}

/** A7 */
export async function enableArmCollectionHandler(call: ArmCall): Promise<Outcome> {
  await setArmCollectionState(call.deps.app, armCollectionRef(call), 'enable');
  return { status: 200 };
}

/** A8 */
export async function disableArmCollectionHandler(call: ArmCall): Promise<Outcome> {
  await setArmCollectionState(call.deps.app, armCollectionRef(call), 'disable');
  return { status: 200 };
}

/** A1 (by subscription) and A2 (by resource group): pages of 100 with a nextLink. */
export async function listArmCollectionsHandler(call: ArmCall): Promise<Outcome> {
  const skip = readSkip(call.query);
  const group = call.params['rg'];
  const views = await listArmCollections(call.deps.app, armParam(call, 'sub'), group);
  const sub = armParam(call, 'sub');
  const path =
    group === undefined
      ? `/subscriptions/${sub}/providers/${PROVIDER_NAMESPACE}/jobCollections`
      : `/subscriptions/${sub}/resourceGroups/${seg(groupName(views, group))}/providers/${PROVIDER_NAMESPACE}/jobCollections`;
  const page = pageOf(call, views.slice(skip), { skip }, path);
  const value = page.value.map((v) => formatArmCollection(v.collection, v.location, call.apiVersion));
  return { status: 200, json: formatArmList(value, page.nextLink) };
}

/** The group's stored casing when a collection shows it, else the path's. */
function groupName(views: readonly { collection: { cloudService: string } }[], fromPath: string): string {
  return views[0]?.collection.cloudService ?? fromPath;
}
