/**
 * Subscriptions (tenants): created, listed and switched on or off by an operator. A disabled
 * subscription's requests get 403 ForbiddenError and its jobs wait, keeping their state, until it is
 * enabled again (docs/engine.md, "Disabled subscriptions").
 */
import { conflict, notFound } from '../../domain/errors.js';
import type { Subscription } from '../../domain/tenant.js';
import type { AdminDeps } from './admin-deps.js';

/** Creates a registered, enabled subscription; `id` (a lower-case GUID) or a random one. */
export async function createSubscription(deps: AdminDeps, id?: string): Promise<Subscription> {
  const created: Subscription = {
    id: id ?? deps.ids.guid().toLowerCase(),
    enabled: true,
    registered: true,
    createdAt: deps.clock.now(),
  };
  if (await deps.store.getSubscription(created.id))
    throw conflict(`subscription ${created.id} already exists`);
  await deps.store.createSubscription(created);
  return created;
}

export function listSubscriptions(deps: AdminDeps): Promise<Subscription[]> {
  return deps.store.listSubscriptions();
}

/** The subscription, or ResourceNotFound naming it. */
export async function requireSubscription(deps: AdminDeps, id: string): Promise<Subscription> {
  const sub = await deps.store.getSubscription(id);
  if (!sub) throw notFound(`no subscription ${id}`);
  return sub;
}

/**
 * The oldest subscription, created when the store has none: first start's default. A node joining
 * a PostgreSQL cluster therefore reuses the cluster's first subscription instead of making another.
 */
export function defaultSubscription(
  deps: AdminDeps,
): Promise<{ subscription: Subscription; created: boolean }> {
  // One store step: nodes starting together on an empty database make one subscription between them.
  return deps.store.firstSubscription({
    id: deps.ids.guid().toLowerCase(),
    enabled: true,
    registered: true,
    createdAt: deps.clock.now(),
  });
}

export async function setSubscriptionEnabled(deps: AdminDeps, id: string, enabled: boolean): Promise<void> {
  await requireSubscription(deps, id);
  await deps.store.updateSubscription(id, { enabled });
}
