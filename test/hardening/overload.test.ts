// Overload and slow clients against a real `takt serve` with low limits: the in-flight cap and the
// per-subscription rate limit answer 503 ServerBusy as an Azure <Error> with Retry-After, one
// tenant's flood does not spend another's budget, monitoring stays reachable, and a client that
// dribbles its headers is cut off by the headers timeout while normal clients are served.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { addTenant, call, csPath, parseError, serve, V, type Served, type Tenant } from './support/serve.js';

const RATE = 1;
const BURST = 3;
const MAX_IN_FLIGHT = 2;

/** Opens a TLS connection to the served API (the client certificate is optional on this listener). */
async function tlsSocket(s: Served): Promise<TLSSocket> {
  const u = new URL(s.url);
  const socket = connect({ host: u.hostname, port: Number(u.port), ca: s.ca });
  await once(socket, 'secureConnect');
  return socket;
}

/** Resolves once the server closed the socket; collects what it sent. */
function closed(socket: TLSSocket): Promise<string> {
  let got = '';
  socket.setEncoding('utf8').on('data', (d: string) => (got += d));
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve(got)));
}

describe('overload: in-flight cap, per-subscription rate limit, slow clients', () => {
  let s: Served;
  let other: Tenant;
  before(async () => {
    s = await serve([], {
      TAKT_API_RATE_LIMIT: String(RATE),
      TAKT_API_RATE_BURST: String(BURST),
      TAKT_API_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      TAKT_API_HEADERS_TIMEOUT: '1000',
      TAKT_API_REQUEST_TIMEOUT: '30000',
    });
    other = await addTenant(s, 'other');
  });
  after(async () => {
    await s?.stop();
  });

  test('requests beyond the in-flight cap get 503 ServerBusy with Retry-After; /healthz stays reachable', async () => {
    // Two authenticated PUTs whose bodies never finish: both are in flight until their sockets close.
    const held: TLSSocket[] = [];
    for (let i = 0; i < MAX_IN_FLIGHT; i++) {
      const socket = await tlsSocket(s);
      socket.on('error', () => undefined);
      socket.write(
        `PUT ${csPath(s.admin.subscriptionId, `held${i}`)} HTTP/1.1\r\nHost: localhost\r\nx-ms-version: ${V['x-ms-version']}\r\n` +
          `authorization: Bearer ${s.admin.token}\r\ncontent-type: application/xml\r\ncontent-length: 1000\r\n\r\n<CloudService`,
      );
      held.push(socket);
    }
    // The held requests are counted once their headers are read: poll until the cap answers.
    let busy = await call(s, 'GET', `/${other.subscriptionId}/cloudservices`, {
      credential: { kind: 'token', tenant: other },
    });
    for (let i = 0; busy.status === 200 && i < 200; i++) {
      busy = await call(s, 'GET', `/${other.subscriptionId}/cloudservices`, {
        credential: { kind: 'token', tenant: other },
      });
    }
    assert.equal(busy.status, 503, busy.body);
    assert.equal(parseError(busy.body)?.code, 'ServerBusy', busy.body);
    assert.match(parseError(busy.body)?.message ?? '', /maximum of 2 concurrent requests/);
    assert.ok(
      Number(busy.headers['retry-after']) >= 1,
      `Retry-After: ${String(busy.headers['retry-after'])}`,
    );

    const health = await call(s, 'GET', '/healthz');
    assert.equal(health.status, 200, health.body);

    for (const socket of held) socket.destroy();
    // Once the held requests are gone, the other tenant is served again (its bucket was not spent by 503s).
    let ok = busy;
    for (let i = 0; ok.status !== 200 && i < 200; i++) {
      ok = await call(s, 'GET', `/${other.subscriptionId}/cloudservices`, {
        credential: { kind: 'token', tenant: other },
      });
    }
    assert.equal(ok.status, 200, ok.body);
  });

  test('a subscription over its rate limit gets 503 ServerBusy with Retry-After; another subscription does not', async () => {
    const cred = { kind: 'token', tenant: s.admin } as const;
    const answers = [];
    // Sequential requests: far more than the burst plus what refills (1/s) while they run.
    for (let i = 0; i < 40; i++)
      answers.push(await call(s, 'GET', `/${s.admin.subscriptionId}/cloudservices`, { credential: cred }));
    const refused = answers.filter((a) => a.status !== 200);
    assert.ok(refused.length > 0, 'some requests were refused');
    for (const a of refused) {
      assert.equal(a.status, 503, a.body);
      const e = parseError(a.body);
      assert.equal(e?.code, 'ServerBusy', a.body);
      assert.match(e?.message ?? '', /request rate limit of 1 requests per second/);
      assert.ok(Number(a.headers['retry-after']) >= 1, `Retry-After: ${String(a.headers['retry-after'])}`);
    }
    const theirs = await call(s, 'GET', `/${other.subscriptionId}/cloudservices`, {
      credential: { kind: 'token', tenant: other },
    });
    assert.equal(theirs.status, 200, theirs.body);
  });

  test('a client that dribbles its headers is cut off by the headers timeout; a normal client is served', async () => {
    const socket = await tlsSocket(s);
    const gone = closed(socket);
    let ended = false;
    void gone.then(() => (ended = true));
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    // One header line every 200 ms, up to 30 s: the 1 s headers timeout must end this long before.
    let sent = 0;
    while (!ended && sent < 150) {
      await new Promise<void>((resolve) => setTimeout(resolve, 200));
      if (!ended && !socket.destroyed) socket.write(`x-slow-${sent++}: ${'a'.repeat(8)}\r\n`);
    }
    const answer = await gone;
    assert.ok(sent < 150, `the server kept the connection through ${sent} header lines`);
    // Node answers 408 when it can, or just closes; either way no request was handled.
    assert.ok(answer === '' || /^HTTP\/1\.1 408/.test(answer), answer);

    const normal = await call(s, 'GET', '/healthz');
    assert.equal(normal.status, 200, normal.body);
  });
});
