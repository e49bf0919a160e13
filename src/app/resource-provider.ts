import { conflict } from '../domain/errors.js';
import type { PlanTable } from '../domain/collection.js';
import type { AppDeps } from './deps.js';

/** #13 register (idempotent) and #15 EntitleResource: the subscription becomes registered. */
export async function registerProvider(deps: AppDeps, subscriptionId: string): Promise<void> {
  await deps.store.updateSubscription(subscriptionId, { registered: true });
}

/** Whether the subscription is registered for the scheduler resource provider (ARM provider GET). */
export async function isProviderRegistered(deps: AppDeps, subscriptionId: string): Promise<boolean> {
  return (await deps.store.getSubscription(subscriptionId))?.registered === true;
}

/** #14: refused (409) while the subscription has job collections. */
export async function unregisterProvider(deps: AppDeps, subscriptionId: string): Promise<void> {
  // One store step: a collection created meanwhile either counts here or is refused (createCollection).
  const held = await deps.store.unregisterSubscription(subscriptionId);
  if (held > 0) {
    throw conflict(`The subscription still has ${held} job collection(s); delete them before unregistering.`);
  }
}

/** #12: what the resource provider offers: regions and the deployment's plan definitions. */
export function providerProperties(deps: AppDeps): { regions: readonly string[]; plans: PlanTable } {
  return { regions: deps.settings.regions, plans: deps.settings.plans };
}
