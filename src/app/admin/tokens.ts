/**
 * API bearer tokens: issued for one subscription, shown once, stored only as a hash, revocable at
 * once (docs/security.md).
 */
import { notFound } from '../../domain/errors.js';
import type { ApiToken } from '../../domain/tenant.js';
import type { AdminDeps } from './admin-deps.js';
import { hashToken, newTokenSecret } from './credentials.js';
import { requireSubscription } from './subscriptions.js';

export interface IssuedToken {
  readonly id: string;
  /** Shown once; only its hash is stored. */
  readonly token: string;
}

/** Issues a 256-bit token for one subscription (which must exist). */
export async function issueToken(
  deps: AdminDeps,
  subscriptionId: string,
  label?: string,
): Promise<IssuedToken> {
  await requireSubscription(deps, subscriptionId);
  const token = newTokenSecret();
  const id = deps.ids.hex32().slice(0, 16);
  await deps.store.addToken({
    id,
    subscriptionId,
    hash: hashToken(token),
    createdAt: deps.clock.now(),
    ...(label !== undefined ? { label } : {}),
  });
  return { id, token };
}

/** Tokens of one subscription (which must exist: a mistyped id is not "no tokens"), or of all of them. */
export async function listTokens(deps: AdminDeps, subscriptionId?: string): Promise<ApiToken[]> {
  if (subscriptionId !== undefined) await requireSubscription(deps, subscriptionId);
  const subs =
    subscriptionId !== undefined ? [subscriptionId] : (await deps.store.listSubscriptions()).map((s) => s.id);
  return (await Promise.all(subs.map((id) => deps.store.listTokens(id)))).flat();
}

export async function revokeToken(deps: AdminDeps, id: string): Promise<void> {
  if (!(await deps.store.revokeToken(id, deps.clock.now()))) throw notFound(`no active token ${id}`);
}
