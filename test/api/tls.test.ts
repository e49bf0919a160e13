// Management certificates over a real TLS listener (docs/reference/classic-operations.md §1.1, §2.1): the server
// requests a client certificate, accepts the handshake without one, and maps the SHA-1 thumbprint of the DER.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import { after, before, test } from 'node:test';
import { createCa, issueClient, type TestCa } from '../support/sinks/certs.js';
import { startTlsListener, thumbprintOf } from './tls-listener.js';
import { SUB, TOKEN, cloudServiceXml, type Harness } from './harness.js';

let h: Harness;
let ca: TestCa;
let port: number;
let mapped: { certPem: string; keyPem: string };
let unmapped: { certPem: string; keyPem: string };

before(async () => {
  ca = await createCa();
  mapped = await issueClient(ca, 'admin', 'x');
  unmapped = await issueClient(ca, 'stranger', 'x');
  ({ h, port } = await startTlsListener(ca, [mapped]));
});
after(async () => h.close());

interface Reply {
  /** The request went over a connection an earlier request had opened (keep-alive). */
  reused: boolean;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  method: string,
  path: string,
  opts: {
    client?: { certPem: string; keyPem: string };
    headers?: Record<string, string>;
    body?: string;
    agent?: Agent;
  },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: ca.certPem,
        servername: 'localhost',
        agent: opts.agent ?? false,
        ...(opts.client ? { cert: opts.client.certPem, key: opts.client.keyPem } : {}),
        headers: { 'x-ms-version': '2013-03-01', ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ reused: req.reusedSocket, status: res.statusCode ?? 0, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined && opts.headers?.['expect'] === '100-continue') {
      req.on('continue', () => req.end(opts.body));
    } else {
      req.end(opts.body);
    }
  });
}

test('a mapped management certificate authenticates; the handshake succeeds without one (403), or with an unmapped one (403)', async () => {
  const ok = await send('GET', `/${SUB}/cloudservices`, { client: mapped });
  assert.equal(ok.status, 200, ok.body);
  assert.match(ok.body, /^<CloudServices /);
  const none = await send('GET', `/${SUB}/cloudservices`, {});
  assert.equal(none.status, 403);
  assert.match(none.body, /<Code>AuthenticationFailed<\/Code>/);
  const stranger = await send('GET', `/${SUB}/cloudservices`, { client: unmapped });
  assert.equal(stranger.status, 403);
  const token = await send('GET', `/${SUB}/cloudservices`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(token.status, 200, 'a bearer token works over TLS without a certificate');
  const otherSub = await send('GET', '/11111111-2222-4333-8444-555555555555/cloudservices', {
    client: mapped,
  });
  assert.equal(otherSub.status, 403, 'the certificate is mapped to its own subscription only');
});

test('Expect: 100-continue is answered and the body then accepted (the .NET client sends it on every body)', async () => {
  const r = await send('PUT', `/${SUB}/cloudservices/tls-cs`, {
    client: mapped,
    headers: { expect: '100-continue', 'content-type': 'application/xml' },
    body: cloudServiceXml(),
  });
  assert.equal(r.status, 202, r.body);
  assert.equal(r.headers['content-length'], '0');
  assert.match(String(r.headers['etag']), /^[0-9a-f-]{36}$/);
});

test('on one keep-alive connection every request is checked again: a removed certificate is refused at once', async () => {
  // The API reads a connection's certificate once (it cannot change on that connection), but the
  // decision is made per request against the store.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const thumbprint = thumbprintOf(mapped.certPem);
  const stored = await h.store.findCertificate(thumbprint);
  assert.ok(stored);
  try {
    const first = await send('GET', `/${SUB}/cloudservices`, { client: mapped, agent });
    assert.equal(first.status, 200, first.body);
    assert.equal(await h.store.removeCertificate(thumbprint, SUB), true);
    const second = await send('GET', `/${SUB}/cloudservices`, { client: mapped, agent });
    assert.equal(second.reused, true, 'the second request went over the same connection');
    assert.equal(second.status, 403);
    assert.match(second.body, /<Code>AuthenticationFailed<\/Code>/);
    const none = await send('GET', `/${SUB}/cloudservices`, { agent: new Agent({ keepAlive: false }) });
    assert.equal(
      none.status,
      403,
      'a connection without a certificate is not given the cached one of another',
    );
  } finally {
    agent.destroy();
    await h.store.addCertificate(stored);
  }
});

test('a certificate outside its stored validity period is refused', async () => {
  // Last test of the file: the clock stays a year ahead.
  h.clock.advance(365 * 86_400_000);
  const r = await send('GET', `/${SUB}/cloudservices`, { client: mapped });
  assert.equal(r.status, 403);
  assert.match(r.body, /<Code>AuthenticationFailed<\/Code>/);
});
