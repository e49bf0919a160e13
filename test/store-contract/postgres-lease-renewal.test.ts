/**
 * Lease renewal on PostgreSQL never waits for a run's row (docs/engine.md, "The claim on
 * PostgreSQL"): an UPDATE that waits for a row keeps it locked until its own commit even when the
 * row no longer matches, so a renewal that waited for this node's own outcome held the released run
 * and the claim after the outcome passed it over (SKIP LOCKED); the retry waited for the next poll.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../../src/domain/occurrence.js';
import { locationOf, postgresOnly } from './backends.js';
import { job, seedCollection, T0 } from './fixtures.js';

let seq = 0;
const hex = (): string => (++seq).toString(16).padStart(32, '0');
const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, hex());
const DUE = T0 + 60_000;

/** Resolves once some session waits for a lock of the transaction `xid` (polled: pg_locks has no event). */
async function someoneWaitsFor(client: pg.Client, xid: string): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted
        AND transactionid::text = $1`,
      [xid],
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

postgresOnly((open) => {
  test('postgres: renewing leases does not wait for a run another transaction holds; it answers it as kept, and the run released meanwhile is claimable at once', async () => {
    const store = await open();
    await seedCollection(store);
    for (const id of ['held', 'free']) await store.insertJob(job(id), { maxJobs: 50 });
    const runs = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    const byJob = new Map(runs.map((r) => [r.job.jobId, r.runId]));
    const held = byJob.get('held');
    const free = byJob.get('free');
    assert.ok(held !== undefined && free !== undefined);

    const loc = locationOf(store);
    assert.equal(loc.kind, 'postgres');
    const outcome = new pg.Client({ connectionString: loc.url });
    const watcher = new pg.Client({ connectionString: loc.url });
    await Promise.all([outcome.connect(), watcher.connect()]);
    try {
      // Another transaction (as this node's outcome batch does) releases the held run for a retry
      // due at once, and has not committed yet.
      await outcome.query(`SET search_path TO "${loc.schema}"`);
      await outcome.query('BEGIN');
      await outcome.query(
        'UPDATE runs SET lease_owner = NULL, lease_until = NULL, wake_at = attempt_at WHERE id = $1',
        [held],
      );
      const { rows } = await outcome.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const xid = rows[0]?.xid;
      assert.ok(xid !== undefined);

      const renewal = store.extendLeases('n1', [held, free], DUE + 90_000);
      const first = await Promise.race([
        renewal.then((kept) => ({ answered: [...kept].sort() })),
        someoneWaitsFor(watcher, xid).then(() => ({ answered: 'waited for the row' as const })),
      ]);
      if (first.answered === 'waited for the row') {
        await outcome.query('ROLLBACK');
        await renewal;
        assert.fail('the renewal waited for a row another transaction holds');
      }
      // The held run is answered as kept (this node's lease is still on it as far as anyone can
      // see), so the engine does not cancel its attempt; the free one is renewed.
      assert.deepEqual(first.answered, [free, held].sort());

      await outcome.query('COMMIT');
      // The retry is claimable now, and the renewal no longer answers it.
      const again = await store.claimDue(DUE + 1, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
      assert.deepEqual(
        again.map((r) => r.runId),
        [held],
      );
      assert.deepEqual(await store.extendLeases('n2', [held, free], DUE + 90_000), []);
      assert.deepEqual(await store.extendLeases('n1', [free], DUE + 90_000), [free]);
    } finally {
      await Promise.allSettled([outcome.end(), watcher.end()]);
    }
  });
});
