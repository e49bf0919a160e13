/**
 * The one credentials module: how inbound credentials are identified everywhere in Takt (the API's
 * authentication, the dashboard's sign-in, first start, the admin commands and the facts of a
 * job's client certificate). A bearer token is stored only as its SHA-256; a certificate is known
 * by its thumbprint, the SHA-1 of its DER (docs/security.md).
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import type { EpochMs } from '../../domain/time.js';

/** SHA-256 of the token's UTF-8 text, lower-case hex: what the store keeps and the API compares. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new bearer token: 256 random bits, prefixed so that secret scanners can recognise it. */
export function newTokenSecret(): string {
  return `takt_${randomBytes(32).toString('base64url')}`;
}

/** SHA-1 of a certificate's DER, 40 upper-case hex: a certificate's identity. */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/** Public facts of an X.509 certificate (docs/reference/classic-operations.md §6.4). */
export interface CertificateFacts {
  /** SHA-1 of the DER, 40 upper-case hex. */
  readonly thumbprint: string;
  /** Relative distinguished names, most general first (`C=US, O=Contoso, CN=svc`), as OpenSSL lists them. */
  readonly subject: string;
  /** The same names most specific first (`CN=svc, O=Contoso, C=US`), as .NET — and so Azure — showed them. */
  readonly subjectName: string;
  readonly notBefore: EpochMs;
  readonly notAfter: EpochMs;
}

/** Facts of a certificate given as PEM or DER bytes; throws a plain message when unreadable. */
export function certificateFacts(bytes: Uint8Array): CertificateFacts {
  // X509Certificate reads the first certificate of a PEM bundle and ignores the rest: the others
  // would never be mapped while the caller was told the file was.
  const pems = Buffer.from(bytes).toString('latin1').split('-----BEGIN CERTIFICATE-----').length - 1;
  if (pems > 1) throw new Error(`holds ${pems} certificates; add each from a file of its own`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(bytes);
  } catch {
    throw new Error('not an X.509 certificate (expected PEM or DER)');
  }
  const names = cert.subject.split('\n').filter((s) => s !== '');
  return {
    thumbprint: certificateThumbprint(cert.raw),
    subject: names.join(', '),
    subjectName: [...names].reverse().join(', '),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
  };
}
