/**
 * Inbound credentials shared by first start and the admin CLI: API tokens (random, stored as a
 * SHA-256 hash) and management certificates (public facts of a PEM or DER certificate).
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import type { ManagementCertificate } from '../domain/tenant.js';
import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/ids.js';
import type { Store } from '../ports/store.js';

/** SHA-256 hex of the token's UTF-8 text: what the store keeps and the API compares. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedToken {
  readonly id: string;
  /** Shown once; only its hash is stored. */
  readonly token: string;
}

/** Issues a 256-bit token for one subscription. */
export async function issueToken(
  deps: { store: Store; clock: Clock; ids: IdSource },
  subscriptionId: string,
  label?: string,
): Promise<IssuedToken> {
  const token = `takt_${randomBytes(32).toString('base64url')}`;
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

/** Facts of a certificate given as PEM or DER bytes; throws a plain message when unreadable. */
export function certificateFacts(bytes: Buffer): Omit<ManagementCertificate, 'subscriptionIds' | 'addedAt'> {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(bytes);
  } catch {
    throw new Error('not an X.509 certificate (expected PEM or DER)');
  }
  return {
    thumbprint: cert.fingerprint.replaceAll(':', '').toUpperCase(),
    subject: cert.subject
      .split('\n')
      .filter((s) => s !== '')
      .join(', '),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
  };
}
