/**
 * P1–P7: the ARM plumbing clients call around Microsoft.Scheduler (docs/api.md, ARM plumbing):
 * the provider's registration (the classic register/unregister) and resource groups (classic
 * cloud services).
 */
import { deleteResourceGroup, getResourceGroup, putResourceGroup } from '../../../app/arm/resource-groups.js';
import { registerProvider, unregisterProvider } from '../../../app/resource-provider.js';
import { findMember } from '../../../wire/json-object.js';
import { formatProvider, formatResourceGroup } from '../../../wire/arm/plumbing-json.js';
import { invalidContent } from '../arm-errors.js';
import { readArmJson } from '../arm-request.js';
import type { ArmCall, ArmOutcome } from '../arm-types.js';
import { armParam } from './params.js';

function provider(call: ArmCall, registered: boolean): ArmOutcome {
  return {
    status: 200,
    json: formatProvider(call.subscription.id, registered, call.deps.app.settings.regions),
  };
}

/** P1 */
export async function getProvider(call: ArmCall): Promise<ArmOutcome> {
  return provider(call, call.subscription.registered);
}

/** P2: body ignored; answered at once (the Python client polls P1 until Registered). */
export async function registerArmProvider(call: ArmCall): Promise<ArmOutcome> {
  await registerProvider(call.deps.app, call.subscription.id);
  return provider(call, true);
}

/** P3: 409 while the subscription has job collections. */
export async function unregisterArmProvider(call: ArmCall): Promise<ArmOutcome> {
  await unregisterProvider(call.deps.app, call.subscription.id);
  return provider(call, false);
}

/** P4 */
export async function getGroup(call: ArmCall): Promise<ArmOutcome> {
  const group = await getResourceGroup(call.deps.app, call.subscription.id, armParam(call, 'rg'));
  return { status: 200, json: formatResourceGroup(group) };
}

/** P5: 204 when it exists, 404 when not; no body either way. */
export async function headGroup(call: ArmCall): Promise<ArmOutcome> {
  await getResourceGroup(call.deps.app, call.subscription.id, armParam(call, 'rg'));
  return { status: 204 };
}

/** P6: `{"location"}`; other members (tags, managedBy, properties) are ignored. */
export async function putGroup(call: ArmCall): Promise<ArmOutcome> {
  const root = readArmJson(call.body);
  const raw = findMember(root, 'location')?.value;
  if (raw !== undefined && raw !== null && typeof raw !== 'string')
    throw invalidContent('location: must be a string.');
  const location = typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
  const { group, created } = await putResourceGroup(
    call.deps.app,
    call.subscription.id,
    armParam(call, 'rg'),
    location,
  );
  return { status: created ? 201 : 200, json: formatResourceGroup(group) };
}

/** P7: the group and everything in it; 200, empty. */
export async function deleteGroup(call: ArmCall): Promise<ArmOutcome> {
  await deleteResourceGroup(call.deps.app, call.subscription.id, armParam(call, 'rg'));
  return { status: 200 };
}
