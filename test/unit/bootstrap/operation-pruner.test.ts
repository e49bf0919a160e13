import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startOperationPruner } from '../../../src/bootstrap/operation-pruner.js';
import type { Logger } from '../../../src/ports/logger.js';
import { openSqliteStore } from '../../../src/store/open-store.js';
import { ManualClock } from '../../support/manual-clock.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const DAY = 86_400_000;

test('operation records older than the retention are pruned at start and then hourly', async () => {
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const store = await openSqliteStore({ path: ':memory:' });
  const sub = '0a1b2c3d-0000-4000-8000-00000000000a';
  await store.createSubscription({
    id: sub,
    enabled: true,
    registered: true,
    createdAt: clock.now() - 30 * DAY,
  });
  const op = (id: string, age: number) =>
    store.putOperation({
      id,
      subscriptionId: sub,
      status: 'Succeeded',
      httpStatusCode: 200,
      createdAt: clock.now() - age,
      completesAt: clock.now() - age,
    });
  await op('a'.repeat(32), 8 * DAY);
  await op('b'.repeat(32), 7 * DAY - 30 * 60_000); // 6.98 days old: kept now, expires within the hour
  await op('c'.repeat(32), 0);

  const pruner = startOperationPruner({ store, clock, logger: silent }, 7 * DAY);
  await pruner.idle(); // the first prune runs at once
  assert.equal(await store.getOperation(sub, 'a'.repeat(32)), undefined);
  assert.ok(await store.getOperation(sub, 'b'.repeat(32)));

  clock.advance(3_600_000); // fires the hourly timer
  await pruner.idle();
  assert.equal(await store.getOperation(sub, 'b'.repeat(32)), undefined);
  assert.ok(await store.getOperation(sub, 'c'.repeat(32)));
  await pruner.stop();
  await store.close();
});
