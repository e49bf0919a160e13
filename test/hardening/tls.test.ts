// TLS of a real `takt serve`: TLS 1.2+ only with ECDHE + AEAD suites, the server certificate
// reloaded from its files without a restart (a broken pair is refused and the old one kept), and
// management certificate expiry visible in `takt certs list`.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { createCa, issueClientCert, issueServerCert } from '../../src/bootstrap/first-start/pki.js';
import { call, serve, takt, type Served } from './support/serve.js';

interface Handshake {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly fingerprint: string;
}

/** One TLS handshake with the served API; rejects when the server refuses it. */
async function handshake(s: Served, options: ConnectionOptions = {}): Promise<Handshake> {
  const u = new URL(s.url);
  const socket = connect({ host: u.hostname, port: Number(u.port), ca: s.ca, ...options });
  try {
    await once(socket, 'secureConnect');
    return {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      fingerprint: socket.getPeerX509Certificate()?.fingerprint256 ?? '',
    };
  } finally {
    socket.destroy();
  }
}

/** Polls new handshakes until the server presents `fingerprint` (bounded). */
async function untilPresented(s: Served, fingerprint: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await handshake(s)).fingerprint;
    if (seen === fingerprint) return seen;
    await new Promise<void>((resolve) => setTimeout(resolve, 100));
  }
  return seen;
}

describe('TLS: versions, ciphers, certificate reload, certificate expiry', () => {
  let s: Served;
  const tlsDir = (): string => join(s.dataDir, 'tls');
  before(async () => {
    s = await serve();
  });
  after(async () => {
    await s?.stop();
  });

  test('TLS 1.3 and TLS 1.2 with ECDHE + AES-GCM are accepted', async () => {
    assert.equal((await handshake(s)).protocol, 'TLSv1.3');
    const h = await handshake(s, {
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256',
    });
    assert.equal(h.protocol, 'TLSv1.2');
    assert.match(h.cipher, /^ECDHE-(ECDSA|RSA)-AES128-GCM-SHA256$/);
  });

  test('TLS 1.1 and TLS 1.2 CBC suites (which Node would accept by default) are refused', async () => {
    await assert.rejects(
      handshake(s, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    );
    await assert.rejects(
      handshake(s, {
        maxVersion: 'TLSv1.2',
        ciphers:
          'ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA',
      }),
    );
  });

  test('a replaced server certificate is served to new connections without a restart; a broken pair is refused', async () => {
    const pid = s.process.child.pid;
    const before = (await handshake(s)).fingerprint;
    const ca = {
      certPem: readFileSync(join(tlsDir(), 'ca-cert.pem'), 'utf8'),
      keyPem: readFileSync(join(tlsDir(), 'ca-key.pem'), 'utf8'),
    };
    const fresh = await issueServerCert(ca, Date.now() - 60_000, ['127.0.0.1']);
    const freshPrint = new X509Certificate(fresh.certPem).fingerprint256;
    assert.notEqual(freshPrint, before);
    writeFileSync(join(tlsDir(), 'server-key.pem'), fresh.keyPem);
    writeFileSync(join(tlsDir(), 'server-cert.pem'), fresh.certPem);
    assert.equal(await untilPresented(s, freshPrint), freshPrint);
    assert.equal(s.process.child.exitCode, null);
    assert.equal(s.process.child.pid, pid);
    // Requests work over the new certificate (the client trusts the same CA).
    assert.equal((await call(s, 'GET', '/healthz')).status, 200);

    // A certificate whose key does not match is logged and ignored; the last good pair stays.
    const other = await issueServerCert(ca, Date.now() - 60_000, ['127.0.0.1']);
    writeFileSync(join(tlsDir(), 'server-cert.pem'), other.certPem);
    const deadline = Date.now() + 30_000;
    while (!/server certificate not reloaded/.test(s.process.stderr()) && Date.now() < deadline) {
      await new Promise<void>((resolve) => setTimeout(resolve, 100));
    }
    assert.match(s.process.stderr(), /server certificate not reloaded/);
    assert.equal((await handshake(s)).fingerprint, freshPrint);
    assert.equal(s.process.child.exitCode, null);
  });

  test('takt certs list shows each management certificate expiry and marks expired ones', async () => {
    const listed = JSON.parse(await takt(s, 'certs', 'list', '--json')) as {
      notAfter: string;
      expired: boolean;
    }[];
    const admin = new X509Certificate(s.admin.cert);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.notAfter, new Date(admin.validTo).toISOString().replace('.000Z', 'Z'));
    assert.equal(listed[0]?.expired, false);

    // A certificate issued three years ago (leaf validity is two years): expired about a year ago.
    const longAgo = Date.now() - 3 * 366 * 86_400_000;
    const old = await issueClientCert(await createCa(longAgo), longAgo, 'Expired Agent');
    const file = join(s.root, 'expired.pem');
    writeFileSync(file, old.certPem);
    await takt(s, 'certs', 'add', file, '--subscription', s.admin.subscriptionId);
    const table = await takt(s, 'certs', 'list');
    assert.match(table, /CN=Expired Agent\s+\S+Z \(expired\)/);
    const expired = (
      JSON.parse(await takt(s, 'certs', 'list', '--json')) as { subject: string; expired: boolean }[]
    ).find((c) => c.subject === 'CN=Expired Agent');
    assert.equal(expired?.expired, true);
  });
});
