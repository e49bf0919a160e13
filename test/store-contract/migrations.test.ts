import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend, locationOf } from './backends.js';
import { collection, job, jobRef, planning, seedCollection, SUB, subscription, T0 } from './fixtures.js';
import type { ClaimedRun } from '../../src/domain/occurrence-outcome.js';
import { underneath } from './underneath.js';

const versions = async (store: Store): Promise<number[]> =>
  (
    await underneath<{ version: number }>(
      locationOf(store),
      'SELECT version FROM schema_migrations ORDER BY version',
    )
  ).map((r) => Number(r.version));

const DUE = T0 + 120_000;
const { hex: tag, planner } = planning();

/**
 * `inJobs1` jobs of Jobs1 and `inOther` of Other, claimed at DUE by a node that dies: their runs
 * are due again from DUE + 1.
 */
async function heldByDeadNode(store: Store, inJobs1: number, inOther: number): Promise<ClaimedRun[]> {
  await seedCollection(store);
  await store.createJobCollection(collection({ name: 'Other' }));
  for (const [coll, n] of [
    ['Jobs1', inJobs1],
    ['Other', inOther],
  ] as const) {
    for (let i = 0; i < n; i++)
      await store.insertJob(
        { ...job(`${coll}-${i}`), ref: jobRef(`${coll}-${i}`, { collection: coll }) },
        { maxJobs: 100 },
      );
  }
  const held = await store.claimDue(DUE, inJobs1 + inOther, { owner: 'dead', until: DUE + 1 }, planner, tag);
  assert.equal(held.length, inJobs1 + inOther);
  return held;
}

forEachBackend((name, open) => {
  const all = (name === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS).map((m) => m.version);

  test('two concurrent migrate() calls on one fresh database apply each step once', async () => {
    const first = await open({ migrate: false });
    const second = await open({ sameAs: first, migrate: false });
    await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
    assert.deepEqual(await versions(first), all);
    await second.createSubscription(subscription());
    assert.ok(await first.getSubscription(SUB));
  });

  test('migrate() again is a no-op that keeps the data', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.migrate();
    const again = await open({ sameAs: store });
    assert.deepEqual(await again.getSubscription(SUB), subscription());
    assert.deepEqual(await versions(store), all);
  });

  test("migration 10: runs written before it name their job's collection, and are shared per collection", async () => {
    const store = await open();
    await heldByDeadNode(store, 6, 2);
    const loc = locationOf(store);
    await store.close();
    // The schema as version 9 left it.
    for (const sql of [
      'DROP INDEX runs_due_by_collection',
      'ALTER TABLE runs DROP COLUMN collection_id',
      'CREATE INDEX runs_by_owner ON runs (lease_owner) WHERE lease_owner IS NOT NULL',
      'DELETE FROM schema_migrations WHERE version = 10',
    ])
      await underneath(loc, sql);

    const again = await open({ sameAs: store });
    assert.deepEqual(await versions(again), all);
    const rows = await underneath<{ got: number; want: number }>(
      loc,
      'SELECT r.collection_id AS got, j.collection_id AS want FROM runs r JOIN jobs j ON j.id = r.job_id',
    );
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => Number(r.got) === Number(r.want)));
    assert.equal(new Set(rows.map((r) => Number(r.got))).size, 2);
    // Redelivered in claims of two: one place per collection, not the first two in due order.
    const first = await again.claimDue(DUE + 10, 2, { owner: 'n1', until: DUE + 60_000 }, planner, tag);
    assert.deepEqual(first.map((r) => r.job.collection).sort(), ['Jobs1', 'Other']);
  });

  test('migration 10: a run written without its collection (by a node of the previous version during an upgrade) is still redelivered', async () => {
    const store = await open();
    const held = await heldByDeadNode(store, 4, 2);
    // What an insert of the previous version leaves: NULL on PostgreSQL, the column's default on SQLite.
    const none = name === 'sqlite' ? '0' : 'NULL';
    await underneath(
      locationOf(store),
      `UPDATE runs SET collection_id = ${none} WHERE job_id IN (SELECT id FROM jobs WHERE name_key = 'jobs1-0')`,
    );
    const lease = { owner: 'n1', until: DUE + 60_000 };
    const claimed = [];
    for (let i = 0; i < 4; i++) claimed.push(...(await store.claimDue(DUE + 10, 2, lease, planner, tag)));
    assert.deepEqual(claimed.map((r) => r.runId).sort(), held.map((r) => r.runId).sort());
  });

  test('migration 12: the occurrences in progress of a collection suspended before it are held apart, and wait', async () => {
    const store = await open();
    await heldByDeadNode(store, 3, 2);
    const other = await store.getJobCollection({
      subscriptionId: SUB,
      cloudService: collection().cloudService,
      collection: 'Other',
    });
    assert.ok(other);
    await store.updateJobCollection({ ...other, suspended: true }, {});
    const loc = locationOf(store);
    await store.close();
    // The schema as version 11 left it.
    for (const sql of [
      'DROP INDEX runs_by_wake',
      'ALTER TABLE runs DROP COLUMN held',
      'CREATE INDEX runs_by_wake ON runs (wake_at)',
      'DELETE FROM schema_migrations WHERE version = 12',
    ])
      await underneath(loc, sql);

    const again = await open({ sameAs: store });
    assert.deepEqual(await versions(again), all);
    const rows = await underneath<{ name: string; held: unknown }>(
      loc,
      'SELECT c.name, r.held FROM runs r JOIN job_collections c ON c.id = r.collection_id ORDER BY c.name',
    );
    assert.deepEqual(
      rows.map((r) => [r.name, Boolean(r.held)]),
      [
        ['Jobs1', false],
        ['Jobs1', false],
        ['Jobs1', false],
        ['Other', true],
        ['Other', true],
      ],
    );
    const claimed = await again.claimDue(DUE + 10, 10, { owner: 'n1', until: DUE + 60_000 }, planner, tag);
    assert.deepEqual(
      claimed.map((r) => r.job.collection),
      ['Jobs1', 'Jobs1', 'Jobs1'],
    );
  });

  test('migration 13: a subscription disabled before it holds its jobs and occurrences in progress, which wait', async () => {
    const store = await open();
    await heldByDeadNode(store, 3, 2);
    await store.updateSubscription(SUB, { enabled: false });
    const loc = locationOf(store);
    await store.close();
    // The schema as version 12 left it: the subscription disabled, its rows not held.
    for (const sql of [
      'ALTER TABLE job_collections DROP COLUMN tenant_disabled',
      'UPDATE jobs SET held = FALSE',
      'UPDATE runs SET held = FALSE',
      'DELETE FROM schema_migrations WHERE version = 13',
    ])
      await underneath(loc, sql);

    const again = await open({ sameAs: store });
    assert.deepEqual(await versions(again), all);
    const rows = await underneath<{ n: number | string }>(
      loc,
      `SELECT (SELECT COUNT(*) FROM runs WHERE held = FALSE) + (SELECT COUNT(*) FROM jobs WHERE held = FALSE)
         + (SELECT COUNT(*) FROM job_collections WHERE tenant_disabled = FALSE) AS n`,
    );
    assert.equal(Number(rows[0]?.n), 0);
    const lease = { owner: 'n1', until: DUE + 60_000 };
    assert.deepEqual(await again.claimDue(DUE + 10, 10, lease, planner, tag), []);
    await again.updateSubscription(SUB, { enabled: true });
    assert.equal((await again.claimDue(DUE + 10, 10, lease, planner, tag)).length, 5);
  });

  test('a database migrated by a newer build is refused', async () => {
    const store = await open();
    await underneath(
      locationOf(store),
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`,
    );
    await assert.rejects(store.migrate(), /schema version 999, newer than this build/);
    await assert.rejects(open({ sameAs: store }), /newer than this build/);
  });
});
