import { DomainError } from '../domain/errors.js';
import type { Subscription } from '../domain/tenant.js';
import type { CredentialQuery } from '../ports/store.js';
import type { AppDeps } from './deps.js';

/**
 * Inbound authentication (docs/reference/classic-operations.md §2). The API hashes what the client presented (the SHA-1
 * thumbprint of its TLS certificate, the SHA-256 of its bearer token); this decides whether either
 * is valid for the subscription in the path. Every failure is the same 403, so a caller learns
 * nothing about which subscriptions exist; only a caller with a valid credential learns that its
 * subscription is disabled.
 */
export interface PresentedIdentity {
  /** 40 upper-case hex. */
  readonly certificateThumbprint?: string;
  /** SHA-256 of the bearer token, lower-case hex. */
  readonly tokenHash?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const authenticationFailed = (): DomainError =>
  new DomainError(
    'AuthenticationFailed',
    'The server failed to authenticate the request. Verify that the certificate or token is valid and is associated with this subscription.',
  );

/** Whether `ids` holds `wanted` (lower-case), any case; a loop, not a closure, on every request. */
function hasSubscription(ids: readonly string[], wanted: string): boolean {
  for (const id of ids) if (id === wanted || id.toLowerCase() === wanted) return true;
  return false;
}

/**
 * What the client presented, as the store looks it up. All of it is read at once (one round trip on
 * PostgreSQL), including what the checks below may not need: the decisions are the same. Built
 * member by member, not by spreading: this runs on every API request.
 */
function credentialQuery(who: PresentedIdentity, subscriptionId: string | undefined): CredentialQuery {
  const query: { certificateThumbprint?: string; tokenHash?: string; subscriptionId?: string } = {};
  if (who.certificateThumbprint !== undefined)
    query.certificateThumbprint = who.certificateThumbprint.toUpperCase();
  if (who.tokenHash !== undefined) query.tokenHash = who.tokenHash;
  if (subscriptionId !== undefined) query.subscriptionId = subscriptionId;
  return query;
}

export async function authenticate(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  subscriptionPathValue: string,
  who: PresentedIdentity,
): Promise<Subscription> {
  if (!GUID.test(subscriptionPathValue)) throw authenticationFailed();
  const subscriptionId = subscriptionPathValue.toLowerCase();
  const now = deps.clock.now();
  if (who.certificateThumbprint === undefined && who.tokenHash === undefined) throw authenticationFailed();
  let ok = false;
  const found = await deps.store.findCredentials(credentialQuery(who, subscriptionId));
  const { certificate: cert, token, subscription: sub } = found;
  if (who.certificateThumbprint !== undefined) {
    ok =
      cert !== undefined &&
      cert.notBefore <= now &&
      now <= cert.notAfter &&
      hasSubscription(cert.subscriptionIds, subscriptionId);
  }
  if (!ok && who.tokenHash !== undefined) {
    ok =
      token !== undefined &&
      token.revokedAt === undefined &&
      token.subscriptionId.toLowerCase() === subscriptionId;
  }
  if (!ok || !sub) throw authenticationFailed();
  if (!sub.enabled) throw new DomainError('ForbiddenError', 'The subscription is disabled.');
  return sub;
}

/**
 * The ARM surface's decision (docs/api.md, ARM authentication): the same credentials, but ARM
 * tells apart no credential (401 AuthenticationFailed), an invalid one (401
 * InvalidAuthenticationToken) and a valid one for another or unknown subscription (403
 * AuthorizationFailed, one message whether or not the subscription exists).
 */
export async function authenticateArm(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  subscriptionPathValue: string,
  who: PresentedIdentity,
): Promise<Subscription> {
  if (who.certificateThumbprint === undefined && who.tokenHash === undefined) {
    throw new DomainError(
      'AuthenticationFailed',
      // Also a header in another scheme or without a token: say what was missing, not that the header was.
      "Authentication failed: the request presented no bearer token and no client certificate; send a Takt API token as 'Authorization: Bearer <token>' or a client certificate.",
    );
  }
  const wanted = GUID.test(subscriptionPathValue) ? subscriptionPathValue.toLowerCase() : undefined;
  const now = deps.clock.now();
  let valid = false;
  let ok = false;
  const {
    certificate: cert,
    token,
    subscription,
  } = await deps.store.findCredentials(credentialQuery(who, wanted));
  if (who.certificateThumbprint !== undefined) {
    if (cert !== undefined && cert.notBefore <= now && now <= cert.notAfter) {
      valid = true;
      ok = wanted !== undefined && hasSubscription(cert.subscriptionIds, wanted);
    }
  }
  if (!ok && who.tokenHash !== undefined) {
    if (token !== undefined && token.revokedAt === undefined) {
      valid = true;
      ok = wanted !== undefined && token.subscriptionId.toLowerCase() === wanted;
    }
  }
  if (!valid) {
    throw new DomainError(
      'InvalidAuthenticationToken',
      'The access token or client certificate is invalid, expired or revoked.',
    );
  }
  const sub = ok ? subscription : undefined;
  if (!sub) {
    throw new DomainError(
      'AuthorizationFailed',
      'The client does not have authorization to perform this action on this subscription.',
    );
  }
  if (!sub.enabled) throw new DomainError('DisabledSubscription', 'The subscription is disabled.');
  return sub;
}
