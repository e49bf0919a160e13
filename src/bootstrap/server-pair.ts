import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { secureContextOptions } from './tls-options.js';

/** What is wrong with a pair, and which of the two files it is about. */
export interface PairProblem {
  readonly file: 'cert' | 'key';
  readonly message: string;
}

/**
 * Why a certificate and a private key cannot serve TLS together, or undefined when they can.
 * `certName` and `keyName` are how the message names them (their files). Node's own
 * check is not enough: it accepts an RSA key beside an ECDSA certificate (OpenSSL keeps them in
 * different slots), and every handshake then fails.
 */
export function serverPairProblem(
  certPem: string,
  keyPem: string,
  certName: string,
  keyName: string,
): PairProblem | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return { file: 'cert', message: `${certName} is not a PEM certificate` };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const message =
      code === 'ERR_MISSING_PASSPHRASE'
        ? `${keyName} is encrypted; Takt needs the key without a passphrase`
        : `${keyName} is not a PEM private key`;
    return { file: 'key', message };
  }
  if (key.asymmetricKeyType !== cert.publicKey.asymmetricKeyType || !cert.checkPrivateKey(key))
    return { file: 'key', message: `${keyName} is not the private key of the certificate in ${certName}` };
  try {
    createSecureContext(secureContextOptions(certPem, keyPem));
  } catch (e) {
    // OpenSSL's own refusals (a key too small for its security level, ...): its reason, briefly.
    const reason = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    return { file: 'cert', message: `${certName} cannot be used for TLS: ${reason}` };
  }
  return undefined;
}

/** Whether `certPem` parses and was signed by the CA certificate `caPem`. */
export function issuedBy(certPem: string, caPem: string): boolean {
  try {
    return new X509Certificate(certPem).verify(new X509Certificate(caPem).publicKey);
  } catch {
    return false;
  }
}
