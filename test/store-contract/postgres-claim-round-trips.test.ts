/**
 * The claim on PostgreSQL in round trips (docs/engine.md, "The claim on PostgreSQL"): the engine's
 * claim sits on every execution's path, and each wait for the server is a round trip (a network
 * latency once nodes run on their own machines). Counted at the driver: a round trip starts when
 * a query is sent while none of this process's queries is in flight (a pipelined BEGIN and the
 * statement behind it are one).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideOutcome } from '../../src/domain/occurrence-outcome.js';
import { postgresOnly } from './backends.js';
import { collection, job, jobRef, planning, seedCollection, T0 } from './fixtures.js';
import { counted } from './round-trips.js';

const { hex, planner } = planning();
const DUE = T0 + 60_000;
const lease = { owner: 'n1', until: DUE + 3_600_000 };

postgresOnly((open) => {
  test('postgres: a claim outside a backlog and an outcome batch are two round trips each — BEGIN with the select, the writes with COMMIT — with due runs and jobs, and with nothing due', async () => {
    const store = await open();
    await seedCollection(store);
    for (const id of ['a', 'b']) await store.insertJob(job(id), { maxJobs: 50 });
    const empty = await counted(() => store.claimDue(DUE - 1, 10, lease, planner, hex));
    assert.deepEqual(empty, { value: [], roundTrips: 2 });

    const first = await counted(() => store.claimDue(DUE, 10, lease, planner, hex));
    assert.equal(first.value.length, 2);
    assert.equal(first.roundTrips, 2);

    // A failed attempt leaves a retry (a due run); the next claim takes it and a new due job.
    await store.insertJob(job('c'), { maxJobs: 50 });
    const [run] = first.value;
    assert.ok(run);
    const failed = decideOutcome(run, { ok: false, endedAt: DUE + 10 });
    const attempt = {
      startedAt: DUE,
      endedAt: DUE + 10,
      message: 'no',
      retryCount: 0,
      actionName: 'MainAction',
    } as const;
    const recorded = await counted(() =>
      store.recordOutcomes([
        { runId: run.runId, leaseToken: run.leaseToken, decision: failed, attempt, recordedAt: DUE + 10 },
      ]),
    );
    // The outcome batch too: BEGIN with its select, its writes with COMMIT.
    assert.deepEqual(recorded, { value: [], roundTrips: 2 });
    const retryAt = failed.next?.at;
    assert.ok(retryAt !== undefined);
    const second = await counted(() => store.claimDue(retryAt, 10, lease, planner, hex));
    assert.deepEqual(second.value.map((r) => [r.job.jobId, r.retryCount]).sort(), [
      ['a', 1],
      ['c', 0],
    ]);
    assert.equal(second.roundTrips, 2);
  });

  test('postgres: a claim of a backlog is two round trips too — the fair shares are taken by the same first statement — and so is the next one, which skips the due-order read (docs/engine.md, "Fairness")', async () => {
    const store = await open();
    await seedCollection(store); // Jobs1: the burst
    await store.createJobCollection(collection({ name: 'Steady' }));
    for (let i = 0; i < 50; i++) await store.insertJob(job(`b${i}`), { maxJobs: 60 });
    for (const id of ['s0', 's1'])
      await store.insertJob(job(id, { ref: jobRef(id, { collection: 'Steady' }) }), { maxJobs: 60 });
    // Claims of 20: room for two collections' shares (SHARE_FLOOR 10).
    const first = await counted(() => store.claimDue(DUE, 20, lease, planner, hex));
    assert.equal(first.roundTrips, 2);
    // Steady's two due jobs take their places in the batch beside the 50-job burst.
    assert.equal(first.value.filter((r) => r.job.collection === 'Steady').length, 2);
    assert.equal(first.value.length, 20);
    const second = await counted(() => store.claimDue(DUE, 20, lease, planner, hex));
    assert.deepEqual({ n: second.value.length, roundTrips: second.roundTrips }, { n: 20, roundTrips: 2 });
  });

  test('postgres: a claim with more due runs than it can lease is three round trips — the runs\' shares per collection are one statement more — and one that fits is two again (docs/engine.md, "Fairness")', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Other' }));
    for (let i = 0; i < 12; i++) await store.insertJob(job(`r${i}`), { maxJobs: 50 });
    await store.insertJob(job('o', { ref: jobRef('o', { collection: 'Other' }) }), { maxJobs: 50 });
    // A node that dies holding all 13: they are due again once its leases expire.
    assert.equal((await store.claimDue(DUE, 13, { owner: 'dead', until: DUE + 1 }, planner, hex)).length, 13);
    const storm = await counted(() => store.claimDue(DUE + 2, 10, lease, planner, hex));
    assert.equal(storm.roundTrips, 3);
    assert.equal(storm.value.length, 10);
    assert.ok(storm.value.some((r) => r.job.collection === 'Other'));
    const rest = await counted(() => store.claimDue(DUE + 2, 10, lease, planner, hex));
    assert.deepEqual({ n: rest.value.length, roundTrips: rest.roundTrips }, { n: 3, roundTrips: 2 });
  });
});
