// The cluster's LISTEN connection retries every 5 s while PostgreSQL is unreachable: the outage is
// logged as one warning, then one line a minute, like every other repeating failure
// (docs/operations.md, "Monitoring") — not one warning per reconnect attempt.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { NotifyChannel } from '../../../src/store/postgres/notify-channel.js';
import { ManualClock } from '../../support/manual-clock.js';
import { logRecorder, type LogLine } from '../../support/log-recorder.js';

/** A port nothing listens on: a server bound and closed again. */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  s.close();
  await once(s, 'close');
  return port;
}

test('an unreachable database: one warning, then one a minute with the count, not one per reconnect', async () => {
  const clock = new ManualClock();
  const { logger, lines } = logRecorder();
  const channel = new NotifyChannel({
    url: `postgres://takt:takt@127.0.0.1:${await closedPort()}/takt`,
    nodeId: 'n1',
    channel: 'takt_wake',
    applicationName: 'takt-test',
    clock,
    logger,
    onWake: () => undefined,
  });
  const lost = (): LogLine[] => lines.filter((l) => l.msg.startsWith('cluster: wake-up connection lost'));
  /** The next reconnect is scheduled once the attempt before it failed (a refused connect). */
  const nextRetry = async (): Promise<void> => {
    while (clock.pendingTimers() === 0) await new Promise((r) => setImmediate(r));
  };
  try {
    await channel.start();
    let attempts = 1;
    // 90 s of simulated outage: the backoff doubles from 100 ms to its 5 s cap.
    const end = clock.now() + 90_000;
    while (clock.now() < end) {
      await nextRetry();
      clock.advance(5_000);
      attempts += 1;
    }
    await nextRetry();
    assert.ok(attempts >= 18, `reconnect attempts: ${attempts}`);
    const said = lost();
    assert.equal(said.length, 2, said.map((l) => `${l.level} ${l.msg}`).join('\n'));
    assert.equal(said[0]!.level, 'warn');
    assert.match(String(said[0]!.fields['err']), /ECONNREFUSED/);
    assert.equal(said[1]!.msg, 'cluster: wake-up connection lost; polling until it is back (still failing)');
    assert.ok(Number(said[1]!.fields['failures']) >= 12, JSON.stringify(said[1]!.fields));
  } finally {
    await channel.close();
  }
});
