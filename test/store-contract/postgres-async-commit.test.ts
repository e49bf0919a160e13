/**
 * Engine writes on PostgreSQL commit without waiting for the WAL flush; API writes wait for it
 * (docs/store.md, "Engine writes without a flush"). Seen at the driver: the statements each write
 * sends, in order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresOnly } from './backends.js';
import { job, planning, seedCollection, succeeded, T0 } from './fixtures.js';
import { statementsOf } from './round-trips.js';

const ASYNC = 'SET LOCAL synchronous_commit TO OFF';
const { hex, planner } = planning();
const DUE = T0 + 60_000;
const lease = { owner: 'n1', until: DUE + 3_600_000 };

postgresOnly((open) => {
  test('postgres: the claim, the outcome batch and lease renewal commit asynchronously, right behind BEGIN', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('a'), { maxJobs: 50 });
    let runs: Awaited<ReturnType<typeof store.claimDue>> = [];
    const claim = await statementsOf(async () => {
      runs = await store.claimDue(DUE, 10, lease, planner, hex);
    });
    assert.equal(runs.length, 1);
    assert.deepEqual(claim.slice(0, 2), ['BEGIN', ASYNC]);
    assert.equal(claim.at(-1), 'COMMIT');
    const run = runs[0]!;
    const renew = await statementsOf(() => store.extendLeases('n1', [run.runId], DUE + 7_200_000));
    assert.deepEqual(renew.slice(0, 2), ['BEGIN', ASYNC]);
    const outcome = await statementsOf(() => store.recordOutcomes([succeeded(run, DUE)]));
    assert.deepEqual(outcome.slice(0, 2), ['BEGIN', ASYNC]);
    // The outcome was stored: the job's history has it.
    const history = await store.listHistory(job('a').ref, {}, {});
    assert.equal(history.length, 1);
  });

  test('postgres: API writes wait for the flush: none of them commits asynchronously', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('a'), { maxJobs: 50 });
    const writes = await statementsOf(async () => {
      await store.insertJob(job('b'), { maxJobs: 50 });
      await store.updateJob({ ...job('a'), version: 2 });
      await store.deleteJob(job('b').ref);
    });
    assert.ok(writes.length > 0);
    assert.ok(!writes.includes(ASYNC), writes.join('\n'));
  });
});
