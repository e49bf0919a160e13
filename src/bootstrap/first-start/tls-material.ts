import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { TaktConfig } from '../../config/index.js';
import { readIfExists, writeFileAtomic, type DataDirLayout } from '../data-dir.js';
import { issuedBy, serverPairProblem } from '../server-pair.js';
import { createCa, issueServerCert, type PemPair } from './pki.js';

/** What the HTTPS listener presents, and the CA clients should trust (absent for a supplied certificate). */
export interface TlsMaterial {
  readonly certPem: string;
  readonly keyPem: string;
  /** The local CA; also signs the admin management certificate. */
  readonly ca: PemPair;
  /** Path of the CA that signed the server certificate; undefined when the deployment supplied it. */
  readonly caCertPath: string | undefined;
  readonly created: readonly string[];
}

const RENEW_BEFORE_MS = 30 * 86_400_000;

/**
 * The local CA and the server certificate, created on first start and reused afterwards. A server
 * certificate in its last 30 days is re-issued from the same CA, so clients that trust the CA
 * never notice.
 */
export async function ensureTlsMaterial(
  layout: DataDirLayout,
  config: TaktConfig,
  now: number,
): Promise<TlsMaterial> {
  const created: string[] = [];
  let ca = readPair(layout.caCert, layout.caKey);
  if (ca) checkLocalCa(ca, layout);
  else {
    ca = await createCa(now);
    writeFileAtomic(layout.caKey, ca.keyPem, true);
    writeFileAtomic(layout.caCert, ca.certPem, false);
    created.push(layout.caCert);
  }
  const supplied = suppliedServerPair(config);
  if (supplied) return { ...supplied, ca, caCertPath: undefined, created };
  // A specific listen address (not a wildcard) is added to the certificate's names, so clients
  // that connect to it can verify the server; a certificate that lacks it is re-issued.
  const extra = WILDCARDS.has(config.host) ? [] : [config.host.replace(/^\[|\]$/g, '')];
  let server = readPair(layout.serverCert, layout.serverKey);
  // Takt's own server pair is re-issued rather than refused when it is damaged (a half-written
  // file) or was signed by a CA that has since been replaced: it is made again from the CA.
  const usable =
    server !== undefined &&
    serverPairProblem(server.certPem, server.keyPem, layout.serverCert, layout.serverKey) === undefined &&
    issuedBy(server.certPem, ca.certPem);
  const x = server && usable ? new X509Certificate(server.certPem) : undefined;
  const fresh =
    x !== undefined && Date.parse(x.validTo) - now >= RENEW_BEFORE_MS && extra.every((n) => covers(x, n));
  if (!server || !fresh) {
    server = await issueServerCert(ca, now, extra);
    writeFileAtomic(layout.serverKey, server.keyPem, true);
    writeFileAtomic(layout.serverCert, server.certPem, false);
    created.push(layout.serverCert);
  }
  return { certPem: server.certPem, keyPem: server.keyPem, ca, caCertPath: layout.caCert, created };
}

/**
 * The local CA signs the server and admin certificates; a damaged one cannot be re-made silently,
 * since clients trust exactly this certificate: the message names both files and the way out.
 */
function checkLocalCa(ca: PemPair, layout: DataDirLayout): void {
  let problem: string | undefined;
  try {
    const cert = new X509Certificate(ca.certPem);
    try {
      if (!cert.checkPrivateKey(createPrivateKey(ca.keyPem)))
        problem = `${layout.caKey} is not the key of ${layout.caCert}`;
    } catch {
      problem = `${layout.caKey} is not a PEM private key`;
    }
  } catch {
    problem = `${layout.caCert} is not a PEM certificate`;
  }
  if (problem === undefined) return;
  throw new Error(
    `dataDir: the local CA (${layout.caCert}, ${layout.caKey}) does not load: ${problem}; restore both files, or delete them to make a new CA (clients must then trust the new ${layout.caCert})`,
  );
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

function covers(cert: X509Certificate, name: string): boolean {
  return isIP(name) !== 0 ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}

function readPair(certPath: string, keyPath: string): PemPair | undefined {
  const certPem = readIfExists(certPath);
  const keyPem = readIfExists(keyPath);
  return certPem !== undefined && keyPem !== undefined ? { certPem, keyPem } : undefined;
}

/**
 * The deployment's own server certificate and key, read and checked as a pair (absent when none is
 * configured). Also called before a start writes anything, so a broken pair leaves no data directory.
 */
export function suppliedServerPair(
  config: Pick<TaktConfig, 'tlsCertFile' | 'tlsKeyFile'>,
): { certPem: string; keyPem: string } | undefined {
  if (config.tlsCertFile === undefined || config.tlsKeyFile === undefined) return undefined;
  const certPem = readOrFail(config.tlsCertFile, 'tlsCertFile');
  const keyPem = readOrFail(config.tlsKeyFile, 'tlsKeyFile');
  const problem = serverPairProblem(certPem, keyPem, config.tlsCertFile, config.tlsKeyFile);
  if (problem !== undefined)
    throw new Error(`${problem.file === 'cert' ? 'tlsCertFile' : 'tlsKeyFile'}: ${problem.message}`);
  return { certPem, keyPem };
}

function readOrFail(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new Error(`${option}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}
