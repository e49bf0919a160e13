// Idle sockets against a real `takt serve`: a TCP connection that never starts TLS is closed after
// `api.connectionTimeoutMs` (here 1 s), not after Node's 120 s TLS handshake timeout, and the
// listener keeps serving.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { call, serve, type Served } from './support/serve.js';

/** Far above the 1 s configured, far below Node's 120 s default: which of the two applied is clear. */
const GIVE_UP_MS = 30_000;

describe('idle sockets', () => {
  let s: Served;
  before(async () => {
    s = await serve([], { TAKT_API_CONNECTION_TIMEOUT: '1000' });
  });
  after(async () => {
    await s?.stop();
  });

  test('a connection that never starts TLS is closed by the server after the connection timeout', async () => {
    const u = new URL(s.url);
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    await once(socket, 'connect');
    socket.on('error', () => undefined);
    let giveUp: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      once(socket, 'close').then(() => 'closed by the server' as const),
      new Promise<'still open'>((resolve) => (giveUp = setTimeout(() => resolve('still open'), GIVE_UP_MS))),
    ]);
    clearTimeout(giveUp);
    socket.destroy();
    assert.equal(outcome, 'closed by the server');
    assert.equal((await call(s, 'GET', '/healthz')).status, 200);
  });
});
