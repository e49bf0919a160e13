// Connection caps against a real `takt serve` (docs/operations.md, Connection caps): idle TLS
// connections up to api.maxConnections, the next ones land in the monitoring reserve (only /healthz,
// /readyz and /metrics answer, then the connection closes), beyond the reserve a connection is closed
// before TLS; one address cannot take more than api.maxConnectionsPerAddress; slots come back when
// idle connections close or time out. Clients bind distinct loopback addresses (127.0.0.x) to act as
// distinct client addresses.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { MONITORING_RESERVE } from '../../src/bootstrap/connection-limits.js';
import { call, csPath, parseError, serve, V, type Answer, type Served } from './support/serve.js';

const MAX = 4;
const PER_ADDRESS = 2;

type Opened = { readonly kind: 'secure'; readonly socket: TLSSocket } | { readonly kind: 'refused' };

/** A TLS connection from `from`: secure once the handshake completed, refused if closed before it. */
async function open(s: Served, from: string): Promise<Opened> {
  const u = new URL(s.url);
  const tcp = connectTcp({ host: u.hostname, port: Number(u.port), localAddress: from });
  const socket = connect({ socket: tcp, host: u.hostname, ca: s.ca });
  return new Promise((resolve) => {
    socket.once('secureConnect', () => resolve({ kind: 'secure', socket }));
    socket.once('error', () => resolve({ kind: 'refused' }));
    socket.once('close', () => resolve({ kind: 'refused' }));
  });
}

async function secure(s: Served, from: string): Promise<TLSSocket> {
  const o = await open(s, from);
  assert.equal(o.kind, 'secure', `a connection from ${from} was refused`);
  return (o as { socket: TLSSocket }).socket;
}

/** One HTTP/1.1 request on an open TLS connection; resolves with what the server sent once it closed it. */
async function requestUntilClosed(socket: TLSSocket, path: string, headers = ''): Promise<string> {
  let got = '';
  socket.setEncoding('utf8').on('data', (d: string) => (got += d));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nx-ms-version: ${V['x-ms-version']}\r\n${headers}\r\n`,
  );
  await closed;
  return got;
}

/**
 * GET of a missing cloud service as the admin, again while it lands in the monitoring reserve (503):
 * the server may accept a connection a moment before it has seen the closes that freed a slot.
 */
async function callPastReserve(s: Served): Promise<Answer> {
  const get = () =>
    call(s, 'GET', csPath(s.admin.subscriptionId, 'none'), {
      credential: { kind: 'token', tenant: s.admin },
    });
  let answer = await get();
  for (let i = 0; i < 100 && answer.status === 503; i++) answer = await get();
  return answer;
}

describe('connection caps', () => {
  let s: Served;
  const held: TLSSocket[] = [];
  before(async () => {
    s = await serve([], {
      TAKT_API_MAX_CONNECTIONS: String(MAX),
      TAKT_API_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
      // Long enough that nothing the test holds times out on its own while it runs.
      TAKT_API_HEADERS_TIMEOUT: '120s',
      TAKT_API_REQUEST_TIMEOUT: '120s',
    });
  });
  after(async () => {
    for (const socket of held) socket.destroy();
    await s?.stop();
  });

  test('per address: the third connection from one address is closed before TLS, another address is served', async () => {
    held.push(await secure(s, '127.0.0.2'), await secure(s, '127.0.0.2'));
    assert.equal((await open(s, '127.0.0.2')).kind, 'refused');
    held.push(await secure(s, '127.0.0.3'));
  });

  test('at the cap: a reserve connection answers /healthz and /metrics, ServerBusy otherwise, and closes', async () => {
    held.push(await secure(s, '127.0.0.3')); // the fourth idle connection: the cap is reached
    const health = await requestUntilClosed(await secure(s, '127.0.0.4'), '/healthz');
    assert.match(health, /^HTTP\/1\.1 200 /);
    assert.match(health, /\r\nconnection: close\r\n/i);
    assert.match(health, /\r\n\r\nok$/);

    const busy = await requestUntilClosed(
      await secure(s, '127.0.0.4'),
      csPath(s.admin.subscriptionId, 'cs'),
      `authorization: Bearer ${s.admin.token}\r\n`,
    );
    assert.match(busy, /^HTTP\/1\.1 503 /);
    assert.match(busy, /\r\nretry-after: 1\r\n/i);
    const body = busy.slice(busy.indexOf('\r\n\r\n') + 4);
    assert.equal(parseError(body)?.code, 'ServerBusy', body);
    assert.match(parseError(body)?.message ?? '', /maximum of 4 open connections/);

    const metrics = await requestUntilClosed(await secure(s, '127.0.0.5'), '/metrics');
    assert.match(metrics, /^takt_api_connections_refused_total\{[^}]*reason="per_address"[^}]*\} 1$/m);
    assert.match(metrics, /^takt_api_connections_open\{[^}]*\} 5$/m);
  });

  test('reserve full: the next connection is closed before TLS; /healthz answers again once one is free', async () => {
    const reserve: TLSSocket[] = [];
    for (let i = 0; i < MONITORING_RESERVE; i++) reserve.push(await secure(s, `127.0.1.${i}`));
    held.push(...reserve);
    assert.equal((await open(s, '127.0.2.1')).kind, 'refused');

    // An idle reserve connection closes; the next probe gets its slot (the server may see the close
    // a moment after the client: each attempt is an event, refused ones are retried).
    reserve[0]!.destroy();
    let health = '';
    for (let i = 0; i < 100 && health === ''; i++) {
      const o = await open(s, '127.0.2.2');
      if (o.kind === 'secure') health = await requestUntilClosed(o.socket, '/healthz');
    }
    assert.match(health, /^HTTP\/1\.1 200 /);
  });

  test('closing the idle connections frees the normal slots: API requests are served again', async () => {
    const closed = held.filter((socket) => !socket.closed).map((socket) => once(socket, 'close'));
    for (const socket of held) socket.destroy();
    await Promise.all(closed);
    // The server may not have seen every close yet: a reserve connection answers 503, retried.
    const answer = await callPastReserve(s);
    assert.equal(answer.status, 404, answer.body);
  });
});

describe('connection caps: idle connections time out', () => {
  let s: Served;
  before(async () => {
    s = await serve([], {
      TAKT_API_MAX_CONNECTIONS: '2',
      TAKT_API_MAX_CONNECTIONS_PER_ADDRESS: '2',
      // Long enough that the request below sees both slots taken even on a loaded machine (a
      // TLS handshake and a request can take over a second there), short enough to wait out.
      TAKT_API_CONNECTION_TIMEOUT: '3000',
      TAKT_API_HEADERS_TIMEOUT: '3000',
    });
  });
  after(async () => {
    await s?.stop();
  });

  test('silent sockets holding every slot are closed by the connection timeout, then requests are served', async () => {
    const u = new URL(s.url);
    // From another address than the requests below, which come from 127.0.0.1.
    const silent = [0, 1].map(() =>
      connectTcp({ host: u.hostname, port: Number(u.port), localAddress: '127.0.0.2' }),
    );
    await Promise.all(silent.map((socket) => once(socket, 'connect')));
    // Both slots are taken: the next API request lands in the reserve.
    const busy = await call(s, 'GET', csPath(s.admin.subscriptionId, 'none'), {
      credential: { kind: 'token', tenant: s.admin },
    });
    assert.equal(busy.status, 503, busy.body);
    // The server closes them after the connection timeout (a TLS handshake that never starts).
    await Promise.all(silent.map((socket) => once(socket, 'close')));
    // The server may accept the next connection before it has seen both closes (once in a
    // full-suite run on a loaded machine): a reserve connection answers 503, retried as in the
    // tests above. The slots must come back, never stay taken.
    const served = await callPastReserve(s);
    assert.equal(served.status, 404, served.body);
  });
});
