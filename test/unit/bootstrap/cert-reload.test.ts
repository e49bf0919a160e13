// SIGHUP reloads the server certificate at once (docs/operations.md): with the file poll an hour
// away, only the signal can make a new connection see the replaced pair. A real signal is sent to
// this process; the reload's own listener is what keeps it from ending the process.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { watchServerCertificate } from '../../../src/bootstrap/cert-reload.js';
import { createCa, issueClientCert, issueServerCert } from '../../../src/bootstrap/first-start/pki.js';
import { secureContextOptions } from '../../../src/bootstrap/tls-options.js';
import type { Logger } from '../../../src/ports/logger.js';

const lines: string[] = [];
const logger = {
  info: (_o: unknown, msg: string) => lines.push(`info ${msg}`),
  warn: (_o: unknown, msg: string) => lines.push(`warn ${msg}`),
  error: (_o: unknown, msg: string) => lines.push(`error ${msg}`),
  debug: () => undefined,
  child: () => logger,
} as unknown as Logger;

async function presented(server: Server, ca: string): Promise<string> {
  const socket = connect({
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    ca,
    servername: 'localhost',
  });
  try {
    await once(socket, 'secureConnect');
    return socket.getPeerX509Certificate()?.fingerprint256 ?? '';
  } finally {
    socket.destroy();
  }
}

test('SIGHUP reloads a replaced server certificate without waiting for the file poll', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-reload-'));
  const certFile = join(dir, 'server-cert.pem');
  const keyFile = join(dir, 'server-key.pem');
  const now = Date.now() - 60_000;
  const ca = await createCa(now);
  const first = await issueServerCert(ca, now);
  writeFileSync(certFile, first.certPem);
  writeFileSync(keyFile, first.keyPem);
  const server = createServer(secureContextOptions(first.certPem, first.keyPem), (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const stop = watchServerCertificate(server, { certFile, keyFile, pollMs: 3_600_000 }, logger);
  try {
    assert.equal(await presented(server, ca.certPem), new X509Certificate(first.certPem).fingerprint256);
    const second = await issueServerCert(ca, now);
    writeFileSync(keyFile, second.keyPem);
    writeFileSync(certFile, second.certPem);
    // No poll for an hour: the first certificate is still served.
    assert.equal(await presented(server, ca.certPem), new X509Certificate(first.certPem).fingerprint256);

    process.kill(process.pid, 'SIGHUP');
    const deadline = Date.now() + 10_000;
    while (!lines.includes('info server certificate reloaded') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await presented(server, ca.certPem), new X509Certificate(second.certPem).fingerprint256);
  } finally {
    stop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key of another type than the certificate is refused and the current pair stays', async () => {
  // Node builds a context from an ECDSA certificate and an RSA key without complaint (OpenSSL keeps
  // them in different slots); installed, it would fail every later handshake.
  const dir = mkdtempSync(join(tmpdir(), 'takt-reload-type-'));
  const certFile = join(dir, 'server-cert.pem');
  const keyFile = join(dir, 'server-key.pem');
  const now = Date.now() - 60_000;
  const ca = await createCa(now);
  const first = await issueServerCert(ca, now);
  const rsa = await issueClientCert(ca, now, 'Other');
  writeFileSync(certFile, first.certPem);
  writeFileSync(keyFile, first.keyPem);
  const server = createServer(secureContextOptions(first.certPem, first.keyPem), (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const warnings: string[] = [];
  const log = {
    ...logger,
    warn: (o: { err?: string }, msg: string) => warnings.push(`${msg}: ${o.err ?? ''}`),
  } as unknown as Logger;
  const stop = watchServerCertificate(server, { certFile, keyFile, pollMs: 3_600_000 }, log);
  try {
    writeFileSync(keyFile, rsa.keyPem);
    process.kill(process.pid, 'SIGHUP');
    const deadline = Date.now() + 10_000;
    while (warnings.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(warnings, [
      `server certificate not reloaded; keeping the current one: ${keyFile} is not the private key of the certificate in ${certFile}`,
    ]);
    assert.equal(await presented(server, ca.certPem), new X509Certificate(first.certPem).fingerprint256);
  } finally {
    stop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
