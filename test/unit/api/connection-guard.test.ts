// The connection guard on a real loopback TCP server with a manual clock: refusals close the socket
// at once and are counted, the warning is logged once a minute at most with the count in between,
// a reserve connection is closed when its lifetime ends, and a closed connection frees its slot.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { connectionGuard, type ConnectionGuard } from '../../../src/api/listener/connection-guard.js';
import type { Logger } from '../../../src/ports/logger.js';
import { ManualClock } from '../../support/manual-clock.js';

const clock = new ManualClock();
const warnings: Record<string, unknown>[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields) => void warnings.push(fields),
  error: () => undefined,
  child: () => logger,
};
const refused: string[] = [];
let openGauge = 0;
const serverSide: Socket[] = [];
let server: Server;
let guard: ConnectionGuard;
let port = 0;

before(async () => {
  guard = connectionGuard(
    { maxConnections: 2, maxPerAddress: 2, reserve: 1, reserveLifetimeMs: 5000 },
    {
      metrics: {
        apiConnectionRefused: (reason) => void refused.push(reason),
        apiConnections: (delta) => void (openGauge += delta),
      },
      logger,
      clock,
    },
  );
  // Refused sockets reach the server's own listener already destroyed (as the TLS listener sees them).
  server = createServer((socket) => void (socket.destroyed ? undefined : serverSide.push(socket)));
  guard.attach(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});
after(() => {
  for (const s of serverSide) s.destroy();
  server.close();
});

/** A client connection; resolves once the server side ran its connection listeners (it echoes a byte). */
async function open(from: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port, localAddress: from });
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => undefined);
  await once(socket, 'connect');
  return { socket, closed };
}

/** Waits until the server saw `n` admitted connections (its connection listener ran after the guard's). */
async function admitted(n: number): Promise<void> {
  while (serverSide.length < n) await once(server, 'connection');
  assert.equal(serverSide.length, n);
}

test('over the caps: closed at once, counted, logged once a minute with the count in between', async () => {
  const a = await open('127.0.0.2');
  const b = await open('127.0.0.3');
  await admitted(2);
  const r = await open('127.0.0.4'); // the reserve
  await admitted(3);
  assert.ok(guard.isReserve(serverSide[2]!));
  assert.ok(!guard.isReserve(serverSide[0]!));
  const x = await open('127.0.0.5');
  await x.closed;
  const y = await open('127.0.0.5');
  await y.closed;
  assert.deepEqual(refused, ['limit', 'limit']);
  assert.equal(warnings.length, 1);
  assert.equal(openGauge, 3);
  // A minute later (the reserve connection's 5 s lifetime passed on the way: closed by the server).
  clock.advance(60_000);
  await r.closed;
  await open('127.0.0.4'); // the reserve again
  await admitted(4);
  assert.ok(guard.isReserve(serverSide[3]!));
  const z = await open('127.0.0.5');
  await z.closed;
  assert.deepEqual(refused, ['limit', 'limit', 'limit']);
  assert.equal(warnings.length, 2);
  assert.equal(warnings[1]?.['alsoRefusedSinceLastLine'], 1);
  // Closed connections free their slots: a new one is served, not reserved.
  a.socket.destroy();
  serverSide[3]!.destroy();
  await Promise.all([once(serverSide[0]!, 'close'), once(serverSide[3]!, 'close')]);
  assert.equal(openGauge, 1);
  const c = await open('127.0.0.6');
  await admitted(5);
  assert.ok(!guard.isReserve(serverSide[4]!));
  assert.equal(guard.open, 2);
  assert.equal(openGauge, 2);
  b.socket.destroy();
  c.socket.destroy();
});

test('per-address cap: a third connection from one address is refused while others are served', async () => {
  const before = refused.length;
  const base = serverSide.length;
  await Promise.all(serverSide.filter((s) => !s.closed).map((s) => once(s, 'close')));
  assert.equal(guard.open, 0);
  const p = await open('127.0.0.7');
  const q = await open('127.0.0.7');
  await admitted(base + 2);
  const third = await open('127.0.0.7');
  await third.closed;
  assert.deepEqual(refused.slice(before), ['perAddress']);
  p.socket.destroy();
  q.socket.destroy();
});
