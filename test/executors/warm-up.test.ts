// The executor thread's start-up warm-up (src/executors/net/warm-up.ts, docs/engine.md "Speed"):
// it talks only to a server of its own and leaves no socket or listener behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warmUpHttp } from '../../src/executors/net/warm-up.js';

const sockets = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;

test('the HTTP warm-up resolves and closes its server and connections', async () => {
  const before = sockets();
  await warmUpHttp();
  // Closed handles are released within a few event-loop turns; a leak would hang here (test timeout).
  while (sockets() > before) await new Promise(setImmediate);
  assert.equal(sockets(), before);
});
