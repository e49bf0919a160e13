import type { CredentialQuery, CredentialRecords } from '../ports/store.js';
import type { ApiToken, ManagementCertificate, Subscription } from '../domain/tenant.js';

// How SqlStore keeps authentication's reads in its tenant cache (docs/store.md, "Cached credentials").

/** The records found, only those present (no `undefined` members: callers compare them whole). */
export function credentialRecords(
  certificate: ManagementCertificate | undefined,
  token: ApiToken | undefined,
  subscription: Subscription | undefined,
): CredentialRecords {
  const records: { certificate?: ManagementCertificate; token?: ApiToken; subscription?: Subscription } = {};
  if (certificate) records.certificate = certificate;
  if (token) records.token = token;
  if (subscription) records.subscription = subscription;
  return records;
}

/** The tenant cache's keys: one per record, and one per credential query (PostgreSQL's combined read). */
export const certificateKey = (thumbprint: string): string => `c:${thumbprint}`;
export const tokenKey = (hash: string): string => `t:${hash}`;
export const subscriptionKey = (id: string): string => `s:${id}`;
export const credentialsKey = (q: CredentialQuery): string =>
  `q:${q.certificateThumbprint ?? ''}:${q.tokenHash ?? ''}:${q.subscriptionId ?? ''}`;
