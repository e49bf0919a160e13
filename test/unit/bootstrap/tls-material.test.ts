import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dataDirLayout } from '../../../src/bootstrap/data-dir.js';
import { ensureTlsMaterial } from '../../../src/bootstrap/first-start/tls-material.js';
import { loadConfig } from '../../../src/config/index.js';

const root = mkdtempSync(join(tmpdir(), 'takt-tls-'));
after(() => rmSync(root, { recursive: true, force: true }));
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

test('CA and server certificate: created once, reused, re-issued near expiry or for a new listen address', async () => {
  const dataDir = join(root, 'data');
  const layout = dataDirLayout(dataDir);
  const config = (host: string) => loadConfig({ env: {}, cwd: root, flags: { dataDir, host } });

  const first = await ensureTlsMaterial(layout, config('127.0.0.1'), T0);
  assert.deepEqual(first.created, [layout.caCert, layout.serverCert]);
  assert.equal(statSync(layout.caKey).mode & 0o777, 0o600);
  assert.equal(statSync(layout.serverKey).mode & 0o777, 0o600);
  const ca = new X509Certificate(first.ca.certPem);
  const server = new X509Certificate(first.certPem);
  assert.ok(ca.ca);
  assert.ok(server.verify(ca.publicKey), 'the server certificate is issued by the local CA');
  assert.ok(server.checkHost('localhost') && server.checkIP('127.0.0.1') && server.checkIP('::1'));
  assert.equal(first.caCertPath, layout.caCert);

  const again = await ensureTlsMaterial(layout, config('127.0.0.1'), T0 + 100 * DAY);
  assert.deepEqual(again.created, []);
  assert.equal(again.certPem, first.certPem);

  // 30 days before the server certificate expires (2 years), a start issues a new one from the same CA.
  const renewed = await ensureTlsMaterial(layout, config('127.0.0.1'), T0 + 710 * DAY);
  assert.deepEqual(renewed.created, [layout.serverCert]);
  assert.notEqual(renewed.certPem, first.certPem);
  assert.equal(renewed.ca.certPem, first.ca.certPem);
  assert.ok(new X509Certificate(renewed.certPem).verify(ca.publicKey));

  const lan = await ensureTlsMaterial(layout, config('10.1.2.3'), T0 + 710 * DAY);
  assert.deepEqual(lan.created, [layout.serverCert]);
  assert.ok(new X509Certificate(lan.certPem).checkIP('10.1.2.3'));
  assert.equal(readFileSync(layout.serverCert, 'utf8'), lan.certPem);
  const wildcard = await ensureTlsMaterial(layout, config('0.0.0.0'), T0 + 710 * DAY);
  assert.deepEqual(wildcard.created, [], 'a wildcard address needs no new certificate');
});

test('a new local CA (its files deleted) gets a server certificate of its own', async () => {
  // Before, the old server certificate was kept: clients trusting the new CA could not connect.
  const dataDir = join(root, 'new-ca');
  const layout = dataDirLayout(dataDir);
  const config = loadConfig({ env: {}, cwd: root, flags: { dataDir } });
  const first = await ensureTlsMaterial(layout, config, T0);
  rmSync(layout.caCert);
  rmSync(layout.caKey);
  const second = await ensureTlsMaterial(layout, config, T0 + DAY);
  assert.deepEqual(second.created, [layout.caCert, layout.serverCert]);
  assert.notEqual(second.ca.certPem, first.ca.certPem);
  assert.ok(new X509Certificate(second.certPem).verify(new X509Certificate(second.ca.certPem).publicKey));
});
