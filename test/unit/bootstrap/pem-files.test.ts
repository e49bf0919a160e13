// Every PEM Takt writes ends with a newline, so the combined file clients such as the Python
// azure-servicemanagement-legacy need is one `cat admin-cert.pem admin-key.pem > client.pem` away.
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { test } from 'node:test';
import { createCa, issueClientCert, issueServerCert } from '../../../src/bootstrap/first-start/pki.js';

test('CA, server and client PEMs end with a newline; cert + key concatenated is a valid combined PEM', async () => {
  const now = Date.UTC(2026, 0, 1);
  const ca = await createCa(now);
  const server = await issueServerCert(ca, now);
  const client = await issueClientCert(ca, now, 'Takt Admin');
  for (const [name, pem] of Object.entries({
    'ca cert': ca.certPem,
    'ca key': ca.keyPem,
    'server cert': server.certPem,
    'server key': server.keyPem,
    'client cert': client.certPem,
    'client key': client.keyPem,
  })) {
    assert.ok(pem.endsWith('-----\n'), `${name} ends with a newline`);
  }
  const combined = client.certPem + client.keyPem;
  assert.match(combined, /-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n/);
  assert.equal(new X509Certificate(combined).subject, 'CN=Takt Admin');
  assert.equal(createPrivateKey(combined).asymmetricKeyType, 'rsa');
  assert.doesNotThrow(() => createSecureContext({ cert: combined, key: combined }));
});
