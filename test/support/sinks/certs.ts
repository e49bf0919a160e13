// Test PKI made in-process: a CA, server certificates for 127.0.0.1/localhost and client
// certificates packed as base64 PKCS#12 (node-forge does only the PKCS#12 packing).
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export interface Issued {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface TestCa extends Issued {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
}

function keys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
}

export async function createCa(name = 'Takt Test CA'): Promise<TestCa> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys: k,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { cert, keys: k, certPem: cert.toString('pem'), keyPem: await keyPem(k.privateKey) };
}

async function issue(ca: TestCa, cn: string, extensions: x509.Extension[]): Promise<Issued> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${cn}`,
    issuer: ca.cert.subject,
    publicKey: k.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 30 * 86_400_000),
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(k.privateKey) };
}

/** A server certificate for localhost and 127.0.0.1, plus any `extraDnsNames`. */
export function issueServer(ca: TestCa, extraDnsNames: readonly string[] = []): Promise<Issued> {
  return issue(ca, 'localhost', [
    new x509.SubjectAlternativeNameExtension([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      ...extraDnsNames.map((value) => ({ type: 'dns' as const, value })),
    ]),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
  ]);
}

export async function issueClient(
  ca: TestCa,
  cn: string,
  password: string,
): Promise<Issued & { pfxBase64: string }> {
  const issued = await issue(ca, cn, [
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(issued.keyPem),
    [forge.pki.certificateFromPem(issued.certPem)],
    password,
    { algorithm: 'aes256' },
  );
  const pfxBase64 = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
  return { ...issued, pfxBase64 };
}
