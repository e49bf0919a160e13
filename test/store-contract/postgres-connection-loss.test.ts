/** A connection killed in the middle of a write: the caller gets StoreUnavailable, the pool recovers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { StoreUnavailable } from '../../src/ports/store.js';
import { locationOf, postgresOnly } from './backends.js';
import { SUB, cloudService, subscription } from './fixtures.js';

postgresOnly((open) => {
  test('postgres: a write whose backend is terminated mid-transaction is StoreUnavailable; the next write works', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    const loc = locationOf(store);
    assert.equal(loc.kind, 'postgres');

    const admin = new pg.Client({ connectionString: loc.url });
    // Polls from its own connection: inside admin's transaction pg_stat_activity is a frozen snapshot.
    const watcher = new pg.Client({ connectionString: loc.url });
    await admin.connect();
    await watcher.connect();
    try {
      await admin.query(`SET search_path TO "${loc.schema}"`);
      await admin.query('BEGIN');
      await admin.query('SELECT id FROM subscriptions WHERE id = $1 FOR UPDATE', [SUB]);
      const adminPid = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

      // The store's write takes the same row lock (lockSubscription) and waits behind admin.
      const write = store.createCloudService(cloudService());
      // Settled into a value at once: the write may fail while this test still awaits the terminate
      // call below, and a rejection nobody handles yet fails the test run as unhandled.
      const outcome = write.then(
        () => 'stored',
        (err: unknown) => err,
      );
      let victim: number | undefined;
      while (victim === undefined) {
        const blocked = await watcher.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
          [adminPid],
        );
        victim = blocked.rows[0]?.pid;
      }
      await admin.query('SELECT pg_terminate_backend($1)', [victim]);
      const err = await outcome;
      assert.ok(err instanceof StoreUnavailable, `expected StoreUnavailable, got ${String(err)}`);
      await admin.query('ROLLBACK');
    } finally {
      await admin.end();
      await watcher.end();
    }

    await store.createCloudService(cloudService());
    assert.deepEqual(await store.getCloudService(SUB, 'cs-west'), cloudService());
  });
});
