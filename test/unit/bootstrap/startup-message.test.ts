// The banner of `takt serve` says what this start made (docs/operations.md, "First start"): a node
// joining a cluster with an empty data directory makes a local CA and a server certificate too,
// a node with a supplied certificate makes none, and a restart that re-issues the server
// certificate says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StartedInfo } from '../../../src/bootstrap/start-node.js';
import { startupMessage } from '../../../src/bootstrap/startup-message.js';

const base: StartedInfo = {
  version: '1.0.0',
  role: 'all',
  nodeId: 'n1',
  store: 'SQLite /d/takt.db',
  url: 'https://127.0.0.1:8443',
  connection: {
    url: 'https://127.0.0.1:8443',
    subscriptionId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    caCertPath: '/d/tls/ca-cert.pem',
    certPath: '/d/admin/admin-cert.pem',
    keyPath: '/d/admin/admin-key.pem',
    token: 't',
  },
  connectionFile: '/d/connection.json',
  firstStart: true,
  createdSubscription: true,
  createdTls: { ca: true, serverCert: true },
  secretKeySource: 'generated',
};

const second = (info: StartedInfo): string => startupMessage(info).split('\n')[2]!;

test('a first start on an empty store names everything it made', () => {
  assert.equal(
    second(base),
    'First start: created a local CA, a server certificate, the default subscription and admin credentials.',
  );
});

test('a node joining a store with subscriptions: its CA and server certificate are named too', () => {
  assert.equal(
    second({ ...base, createdSubscription: false }),
    'First start: created a local CA, a server certificate and admin credentials for the existing subscription below.',
  );
});

test('with a supplied server certificate no server certificate is made', () => {
  const { caCertPath: _ca, ...connection } = base.connection!;
  assert.equal(
    second({ ...base, connection, createdTls: { ca: true, serverCert: false } }),
    'First start: created a local CA, the default subscription and admin credentials.',
  );
});

test('a restart that re-issues the server certificate says so', () => {
  const lines = startupMessage({
    ...base,
    firstStart: false,
    createdSubscription: false,
    secretKeySource: 'file',
    createdTls: { ca: false, serverCert: true },
  }).split('\n');
  assert.equal(lines[1], 'Issued a new server certificate from the local CA (/d/tls/ca-cert.pem).');
});
