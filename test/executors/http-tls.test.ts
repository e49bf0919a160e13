// HTTPS actions (docs/reference/scheduling-rules.md §6.1): server certificate verification, deployment-added CAs,
// and ClientCertificate mutual TLS from a PFX and its password.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import type { HttpAuthentication } from '../../src/domain/job.js';
import { createCa, issueClient, issueServer, type TestCa } from '../support/sinks/certs.js';
import { HttpSink } from '../support/sinks/http-sink.js';
import { attemptContext, harness, httpAction, type Harness } from './fixtures.js';

let ca: TestCa;
let otherCa: TestCa;
let sink: HttpSink;
let trusting: Harness;
let untrusting: Harness;

before(async () => {
  ca = await createCa();
  otherCa = await createCa('Unrelated CA');
  const server = await issueServer(ca);
  sink = await HttpSink.start({ ...server, clientCaPem: ca.certPem });
  trusting = harness({ extraCaPem: [ca.certPem] });
  untrusting = harness();
});
after(async () => {
  await trusting.executors.close();
  await untrusting.executors.close();
  await sink.close();
});

function clientCertificate(pfx: string, password: string): HttpAuthentication<string> {
  return {
    type: 'ClientCertificate',
    pfx,
    password,
    certificateThumbprint: 'AB',
    certificateExpiration: 0,
    certificateSubjectName: 'CN=test',
  };
}

test('a server certificate from an untrusted CA fails the attempt with no response', async () => {
  const before = sink.requests.length;
  const result = await untrusting.executors.execute(httpAction({ uri: sink.url('/tls') }), attemptContext());
  assert.equal(result.ok, false);
  assert.match(
    result.message,
    /^Http Action - Request to host '127\.0\.0\.1' failed: .*(certificate|issuer)/i,
  );
  assert.equal(sink.requests.length, before);
});

test('extraCaPem makes the server certificate trusted', async () => {
  const result = await trusting.executors.execute(httpAction({ uri: sink.url('/tls') }), attemptContext());
  assert.equal(result.ok, true, result.message);
  assert.equal(sink.requests.at(-1)!.clientCertCn, undefined);
});

test('the host name is verified too: a certificate for 127.0.0.1/localhost does not pass for another name', async () => {
  const h = harness({
    extraCaPem: [ca.certPem],
    lookup: (_host, options, cb) => {
      if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    },
  });
  try {
    const result = await h.executors.execute(
      httpAction({ uri: sink.url('/tls', 'wrong.example') }),
      attemptContext(),
    );
    assert.equal(result.ok, false);
    assert.match(result.message, /^Http Action - Request to host 'wrong\.example' failed: .*wrong\.example/);
  } finally {
    await h.executors.close();
  }
});

test('ClientCertificate presents the PFX certificate (mutual TLS)', async () => {
  const client = await issueClient(ca, 'takt-client', 'pfx-pass');
  const result = await trusting.executors.execute(
    httpAction({ uri: sink.url('/mtls'), authentication: clientCertificate(client.pfxBase64, 'pfx-pass') }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.equal(sink.requests.at(-1)!.clientCertCn, 'takt-client');
});

test('two jobs with different client certificates each present their own', async () => {
  const one = await issueClient(ca, 'client-one', 'p1');
  const two = await issueClient(ca, 'client-two', 'p2');
  const seen: (string | undefined)[] = [];
  for (const [pfx, pw] of [
    [one.pfxBase64, 'p1'],
    [two.pfxBase64, 'p2'],
    [one.pfxBase64, 'p1'],
  ] as const) {
    const result = await trusting.executors.execute(
      httpAction({ uri: sink.url('/mtls'), authentication: clientCertificate(pfx, pw) }),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
    seen.push(sink.requests.at(-1)!.clientCertCn);
  }
  // A job without a certificate, after them, presents none (no connection reuse across identities).
  await trusting.executors.execute(httpAction({ uri: sink.url('/none') }), attemptContext());
  seen.push(sink.requests.at(-1)!.clientCertCn);
  assert.deepEqual(seen, ['client-one', 'client-two', 'client-one', undefined]);
});

test('a certificate from a CA the server does not accept is not recognised by the server', async () => {
  const stranger = await issueClient(otherCa, 'stranger', 'pw');
  const result = await trusting.executors.execute(
    httpAction({ uri: sink.url('/mtls'), authentication: clientCertificate(stranger.pfxBase64, 'pw') }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.equal(sink.requests.at(-1)!.clientCertCn, undefined);
});

test('a wrong PFX password fails the attempt without revealing it', async () => {
  const client = await issueClient(ca, 'takt-client', 'right-password');
  const result = await trusting.executors.execute(
    httpAction({
      uri: sink.url('/mtls'),
      authentication: clientCertificate(client.pfxBase64, 'Wrong-Secret-42'),
    }),
    attemptContext(),
  );
  assert.equal(result.ok, false);
  assert.match(
    result.message,
    /^Http Action - Request to host '127\.0\.0\.1' failed: The client certificate could not be loaded: /,
  );
  assert.ok(!result.message.includes('Wrong-Secret-42'));
  assert.ok(!result.message.includes('right-password'));
});

test('ClientCertificate has no effect on an http:// URI', async () => {
  const plain = await HttpSink.start();
  try {
    const result = await trusting.executors.execute(
      httpAction({ uri: plain.url('/plain'), authentication: clientCertificate('bm90IGEgcGZ4', 'x') }),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
  } finally {
    await plain.close();
  }
});

test('a server that accepts the connection but never completes the TLS handshake ends in the timeout message', async () => {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    server.emit('stalled');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const h = harness({ httpTimeoutMs: 5_000 });
  try {
    const connected = once(server, 'stalled');
    const pending = h.executors.execute(httpAction({ uri: `https://127.0.0.1:${port}/` }), attemptContext());
    await connected;
    h.clock.advance(5_000);
    const result = await pending;
    assert.equal(
      result.message,
      "Http Action - Request to host '127.0.0.1' failed: The request timed out after 5 seconds.",
    );
  } finally {
    await h.executors.close();
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test('an https:// URI to a plain-HTTP port says what OpenSSL found in words, without its thread id, source file or newline', async () => {
  // A plain HTTP server answers the TLS ClientHello with an HTTP response: OpenSSL reads that as a
  // record of an unknown TLS version. Its raw message is `<thread hex>:error:0A00010B:SSL
  // routines:ssl3_get_record:wrong version number:../deps/openssl/…/ssl3_record.c:350:\n`.
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    const result = await untrusting.executors.execute(
      httpAction({ uri: `https://127.0.0.1:${port}/` }),
      attemptContext(),
    );
    assert.equal(result.ok, false);
    assert.equal(
      result.message,
      "Http Action - Request to host '127.0.0.1' failed: SSL routines: wrong version number",
    );
  } finally {
    server.close();
  }
});
