/**
 * Management certificates: the public facts of a client certificate mapped to subscriptions. A
 * request over TLS with that certificate authenticates as any of them (docs/security.md).
 */
import { notFound } from '../../domain/errors.js';
import type { ManagementCertificate } from '../../domain/tenant.js';
import type { AdminDeps } from './admin-deps.js';
import type { CertificateFacts } from './credentials.js';
import { requireSubscription } from './subscriptions.js';

/** Maps a certificate to a subscription (which must exist); returns the stored record. */
export async function addCertificate(
  deps: AdminDeps,
  subscriptionId: string,
  facts: CertificateFacts,
): Promise<ManagementCertificate> {
  await requireSubscription(deps, subscriptionId);
  const cert: ManagementCertificate = {
    thumbprint: facts.thumbprint,
    subject: facts.subject,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    subscriptionIds: [subscriptionId],
    addedAt: deps.clock.now(),
  };
  await deps.store.addCertificate(cert);
  return cert;
}

export async function listCertificates(
  deps: AdminDeps,
  subscriptionId?: string,
): Promise<ManagementCertificate[]> {
  // A mistyped id is an error, not "no certificates".
  if (subscriptionId !== undefined) await requireSubscription(deps, subscriptionId);
  return deps.store.listCertificates(subscriptionId);
}

/** Removes a certificate, or only its mapping to `subscriptionId`; ResourceNotFound when there is none. */
export async function removeCertificate(
  deps: AdminDeps,
  thumbprint: string,
  subscriptionId?: string,
): Promise<void> {
  if (!(await deps.store.removeCertificate(thumbprint, subscriptionId)))
    throw notFound(
      `no certificate ${thumbprint}${subscriptionId !== undefined ? ` mapped to subscription ${subscriptionId}` : ''}`,
    );
}
