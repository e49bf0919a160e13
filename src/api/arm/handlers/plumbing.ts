/**
 * P1–P7: the ARM plumbing clients call around Microsoft.Scheduler (docs/api.md, ARM plumbing):
 * the provider's registration (the classic register/unregister) and resource groups (classic
 * cloud services).
 */
import { deleteResourceGroup, getResourceGroup, putResourceGroup } from '../../../app/arm/resource-groups.js';
import {
  isProviderRegistered,
  registerProvider,
  unregisterProvider,
} from '../../../app/resource-provider.js';
import { findMember } from '../../../wire/json-object.js';
import { formatProvider, formatResourceGroup } from '../../../wire/arm/plumbing-json.js';
import { checkLocation } from '../../../wire/arm/collection-json.js';
import { badRequest } from '../../../domain/errors.js';
import { readArmJson } from '../arm-request.js';
import type { Outcome } from '../../handler.js';
import type { ArmCall } from '../arm-types.js';
import { armParam } from './arm-param.js';

function provider(call: ArmCall, registered: boolean): Outcome {
  return {
    status: 200,
    json: formatProvider(armParam(call, 'sub'), registered, call.deps.app.settings.regions),
  };
}

/** P1 */
export async function getProviderHandler(call: ArmCall): Promise<Outcome> {
  return provider(call, await isProviderRegistered(call.deps.app, armParam(call, 'sub')));
}

/** P2: body ignored; answered at once (the Python client polls P1 until Registered). */
export async function registerProviderHandler(call: ArmCall): Promise<Outcome> {
  await registerProvider(call.deps.app, armParam(call, 'sub'));
  return provider(call, true);
}

/** P3: 409 while the subscription has job collections. */
export async function unregisterProviderHandler(call: ArmCall): Promise<Outcome> {
  await unregisterProvider(call.deps.app, armParam(call, 'sub'));
  return provider(call, false);
}

/** P4 */
export async function getResourceGroupHandler(call: ArmCall): Promise<Outcome> {
  const group = await getResourceGroup(call.deps.app, armParam(call, 'sub'), armParam(call, 'rg'));
  return { status: 200, json: formatResourceGroup(group) };
}

/** P5: 204 when it exists, 404 when not; no body either way. */
export async function headResourceGroupHandler(call: ArmCall): Promise<Outcome> {
  await getResourceGroup(call.deps.app, armParam(call, 'sub'), armParam(call, 'rg'));
  return { status: 204 };
}

/** P6: `{"location"}`; other members (tags, managedBy, properties) are ignored. */
export async function putResourceGroupHandler(call: ArmCall): Promise<Outcome> {
  const root = readArmJson(call.body);
  const raw = findMember(root, 'location')?.value;
  if (raw !== undefined && raw !== null && typeof raw !== 'string')
    // A member of the wrong type is a validation failure, as on a collection PUT (docs/api.md).
    throw badRequest('location: must be a string');
  const location = typeof raw === 'string' && raw.trim() !== '' ? checkLocation(raw) : undefined;
  const { group, created } = await putResourceGroup(
    call.deps.app,
    armParam(call, 'sub'),
    armParam(call, 'rg'),
    location,
  );
  return { status: created ? 201 : 200, json: formatResourceGroup(group) };
}

/** P7: the group and everything in it; 200, empty. */
export async function deleteResourceGroupHandler(call: ArmCall): Promise<Outcome> {
  await deleteResourceGroup(call.deps.app, armParam(call, 'sub'), armParam(call, 'rg'));
  return { status: 200 };
}
