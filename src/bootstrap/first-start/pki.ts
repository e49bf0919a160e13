/**
 * Certificates for first start (docs/reference/classic-operations.md §2.3), made with @peculiar/x509 on Node's
 * WebCrypto: no openssl binary is needed. The CA and server use ECDSA P-256 (small, fast handshakes); the
 * admin management certificate uses RSA 2048, the key type every classic Azure client can load.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import type { webcrypto as wc } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto;
x509.cryptoProvider.set(crypto);

const DAY = 86_400_000;
const EC: wc.EcKeyGenParams & wc.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const RSA: wc.RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

/** A certificate and its private key, as PEM. */
export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Validity: CA 10 years, leaf certificates 2 years (renewed by a restart in their last 30 days). */
export const CA_DAYS = 3650;
export const LEAF_DAYS = 730;

/** Every PEM ends with a newline, so `cat cert.pem key.pem > client.pem` gives a valid file. */
const endLine = (pem: string): string => (pem.endsWith('\n') ? pem : `${pem}\n`);

async function keyPem(key: wc.CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return endLine(x509.PemConverter.encode(der, 'PRIVATE KEY'));
}

function serial(): string {
  // Positive 64-bit serial (first byte below 0x80).
  const b = crypto.getRandomValues(new Uint8Array(8));
  b[0] = (b[0] ?? 0) & 0x7f;
  return Buffer.from(b).toString('hex');
}

export async function createCa(now: number): Promise<PemPair> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=Takt Local CA',
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + CA_DAYS * DAY),
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: endLine(cert.toString('pem')), keyPem: await keyPem(keys.privateKey) };
}

async function importCa(ca: PemPair): Promise<{ cert: x509.X509Certificate; key: wc.CryptoKey }> {
  const cert = new x509.X509Certificate(ca.certPem);
  const key = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.keyPem), EC, false, [
    'sign',
  ]);
  return { cert, key };
}

async function issue(
  ca: PemPair,
  now: number,
  subject: string,
  alg: wc.EcKeyGenParams | wc.RsaHashedKeyGenParams,
  extensions: x509.Extension[],
): Promise<PemPair> {
  const issuer = await importCa(ca);
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: issuer.cert.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + LEAF_DAYS * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
      ...extensions,
    ],
  });
  return { certPem: endLine(cert.toString('pem')), keyPem: await keyPem(keys.privateKey) };
}

/** The HTTPS server certificate for `localhost`, `127.0.0.1` and `::1` (plus any extra names). */
export function issueServerCert(
  ca: PemPair,
  now: number,
  extraNames: readonly string[] = [],
): Promise<PemPair> {
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...extraNames])];
  const san = names.map((n) =>
    /^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n },
  );
  return issue(ca, now, 'CN=localhost', EC, [
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(san),
  ]);
}

/** A management (TLS client) certificate. */
export function issueClientCert(ca: PemPair, now: number, commonName: string): Promise<PemPair> {
  return issue(ca, now, `CN=${commonName}`, RSA, [
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
}
