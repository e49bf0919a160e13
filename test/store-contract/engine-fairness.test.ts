import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../src/domain/job.js';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../../src/domain/occurrence.js';
import type { ClaimedRun } from '../../src/domain/occurrence-outcome.js';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend } from './backends.js';
import { collection, oneTimeJob, seedCollection, T0 } from './fixtures.js';

/** The claim's per-collection share (docs/engine.md, "Fairness"), identical on both backends. */

let seq = 0;
const hex = (): string => (++seq).toString(16).padStart(32, '0');
const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, hex());
const DUE = T0 + 60_000;
const NOW = DUE + 10_000;
const lease = { owner: 'n1', until: NOW + 30_000 };

async function seed(store: Store, jobs: readonly Job[]): Promise<void> {
  // Sequential: inserts into one collection serialize on its lock anyway.
  for (const j of jobs) await store.insertJob(j, { maxJobs: 2000 });
}

/**
 * Jobs1 and the collections `more` (ids in that order), the k-th of them with `perCollection`
 * one-time jobs `<name>-<i>` due at DUE + k * 100 + i: due order alone would serve the first
 * collections first. Answers the collections' names, Jobs1 first.
 */
async function seedCollections(
  store: Store,
  more: readonly string[],
  perCollection: number,
): Promise<string[]> {
  await seedCollection(store);
  for (const name of more) await store.createJobCollection(collection({ name }));
  const names = ['Jobs1', ...more];
  await seed(
    store,
    names.flatMap((name, k) =>
      Array.from({ length: perCollection }, (_, i) => oneTimeJob(name, `${name}-${i}`, DUE + k * 100 + i)),
    ),
  );
  return names;
}

/**
 * Jobs1, 150 collections without jobs, Late, 150 more without jobs (ids in that order), and
 * `jobs`. A claim of 2 places looks at 100 collections of the rotation at most (`WALK_PER_TURN`
 * per collection taking part; docs/engine.md, "Fairness"): the first window holds Jobs1, the
 * second Late alone.
 */
async function seedPastIdle(store: Store, jobs: readonly Job[]): Promise<void> {
  await seedCollection(store);
  for (let i = 0; i < 300; i++) {
    if (i === 150) await store.createJobCollection(collection({ name: 'Late' }));
    await store.createJobCollection(collection({ name: `idle${i}` }));
  }
  await seed(store, jobs);
}

/** The collections of two claims of 2 places at NOW, each sorted. */
async function twoSmallClaims(store: Store): Promise<string[][]> {
  const claims: string[][] = [];
  for (let i = 0; i < 2; i++)
    claims.push((await store.claimDue(NOW, 2, lease, planner, hex)).map((r) => r.job.collection).sort());
  return claims;
}

const byCollection = (runs: readonly ClaimedRun[]): Map<string, number[]> => {
  const m = new Map<string, number[]>();
  for (const r of runs) m.set(r.job.collection, [...(m.get(r.job.collection) ?? []), r.dueAt]);
  return m;
};

forEachBackend((_name, open) => {
  test('a 1,000-job backlog in one collection does not crowd out other collections: the batch takes their due jobs, in due order, never early', async () => {
    const store = await open();
    await seedCollection(store); // Jobs1: the burst
    await store.createJobCollection(collection({ name: 'Steady' }));
    await store.createJobCollection(collection({ name: 'Other' }));
    // The burst is due first (DUE … DUE + 999 ms), so due order alone would give it the whole batch.
    const burst = Array.from({ length: 1000 }, (_, i) => oneTimeJob('Jobs1', `b${i}`, DUE + i));
    await seed(store, burst);
    await seed(store, [
      oneTimeJob('Steady', 's2', DUE + 5_002),
      oneTimeJob('Steady', 's0', DUE + 5_000),
      oneTimeJob('Steady', 's1', DUE + 5_001),
      oneTimeJob('Steady', 'later', NOW + 1), // not due yet: never early
      oneTimeJob('Other', 'o0', DUE + 6_000),
      oneTimeJob('Other', 'o1', DUE + 7_000),
    ]);

    const first = await store.claimDue(NOW, 100, lease, planner, hex);
    assert.equal(first.length, 100);
    const got = byCollection(first);
    assert.deepEqual(got.get('Steady'), [DUE + 5_000, DUE + 5_001, DUE + 5_002]);
    assert.deepEqual(got.get('Other'), [DUE + 6_000, DUE + 7_000]);
    // The burst fills the rest with its earliest jobs, in due order.
    assert.deepEqual(
      got.get('Jobs1'),
      Array.from({ length: 95 }, (_, i) => DUE + i),
    );
    assert.ok(first.every((r) => r.dueAt <= NOW));

    // The next batch goes on with the burst where it stopped; the job due later stays put.
    const second = await store.claimDue(NOW, 100, lease, planner, hex);
    assert.deepEqual(
      second.map((r) => `${r.job.collection}:${r.dueAt}`),
      Array.from({ length: 100 }, (_, i) => `Jobs1:${DUE + 95 + i}`),
    );
  });

  test('backlogs in several collections are claimed round-robin: each collection gets its share, earliest due first', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Jobs2' }));
    await store.createJobCollection(collection({ name: 'Jobs3' }));
    await seed(store, [
      ...Array.from({ length: 40 }, (_, i) => oneTimeJob('Jobs1', `a${i}`, DUE + i)),
      ...Array.from({ length: 40 }, (_, i) => oneTimeJob('Jobs2', `b${i}`, DUE + 1_000 + i)),
      ...Array.from({ length: 3 }, (_, i) => oneTimeJob('Jobs3', `c${i}`, DUE + 2_000 + i)),
    ]);
    const runs = await store.claimDue(NOW, 30, lease, planner, hex);
    const got = byCollection(runs);
    // A share of 10 each; Jobs3 needs only 3, so the due-order batch (Jobs1 first) fills its 7.
    assert.deepEqual(got.get('Jobs3'), [DUE + 2_000, DUE + 2_001, DUE + 2_002]);
    assert.deepEqual(
      got.get('Jobs2'),
      Array.from({ length: 10 }, (_, i) => DUE + 1_000 + i),
    );
    assert.deepEqual(
      got.get('Jobs1'),
      Array.from({ length: 17 }, (_, i) => DUE + i),
    );
    // Round-robin order: every collection's first job before any collection's second.
    assert.deepEqual(
      runs.slice(0, 3).map((r) => r.job.collection),
      ['Jobs1', 'Jobs2', 'Jobs3'],
    );

    // The next claim (the store now expects a backlog: shares first) splits between the two
    // collections still due, each going on where it stopped.
    const next = await store.claimDue(NOW, 30, lease, planner, hex);
    const more = byCollection(next);
    assert.deepEqual(
      more.get('Jobs1'),
      Array.from({ length: 15 }, (_, i) => DUE + 17 + i),
    );
    assert.deepEqual(
      more.get('Jobs2'),
      Array.from({ length: 15 }, (_, i) => DUE + 1_010 + i),
    );
    assert.equal(more.get('Jobs3'), undefined);
    assert.deepEqual(
      next.slice(0, 4).map((r) => r.job.collection),
      ['Jobs1', 'Jobs2', 'Jobs1', 'Jobs2'],
    );
    // And the rest: 8 of Jobs1 and 15 of Jobs2, then nothing is left.
    assert.equal((await store.claimDue(NOW, 30, lease, planner, hex)).length, 23);
    assert.deepEqual(await store.claimDue(NOW, 30, lease, planner, hex), []);
  });

  test('with more collections due than a claim has shares for, ten places each go to the next collections in rotation: all 25 are served within three claims, each in its due order', async () => {
    const store = await open();
    // Jobs1, then C01 … C24: collection ids in that order
    // 12 due jobs each; the later collections' jobs are due later, so due order alone would serve
    // the first collections first.
    const names = await seedCollections(
      store,
      Array.from({ length: 24 }, (_, k) => `C${String(k + 1).padStart(2, '0')}`),
      12,
    );
    const claims: Map<string, number[]>[] = [];
    for (let i = 0; i < 3; i++)
      claims.push(byCollection(await store.claimDue(NOW, 100, lease, planner, hex)));
    const shares = (m: Map<string, number[]>): string[] => [...m.keys()].sort();
    // A share of 10 (SHARE_FLOOR) for 10 collections a claim, by collection id from where the last
    // claim stopped: writing 10 collections' index pages instead of one page for each of 25.
    assert.deepEqual(shares(claims[0]!), names.slice(0, 10).sort());
    assert.deepEqual(shares(claims[1]!), names.slice(10, 20).sort());
    for (const [k, name] of names.slice(0, 20).entries()) {
      const got = claims[Math.floor(k / 10)]!.get(name);
      assert.deepEqual(
        got,
        Array.from({ length: 10 }, (_, i) => DUE + names.indexOf(name) * 100 + i),
      );
    }
    // The third claim: shares for the last 5 collections, then round again to the first 5 (their
    // last 2 jobs each); the 40 places left go to the due order, which holds just the 40 jobs left.
    // Every job of every collection is claimed once, in due order within it.
    for (const name of names.slice(20)) assert.equal(claims[2]!.get(name)?.length, 12);
    for (const [k, name] of names.entries()) {
      const claimed = claims.flatMap((c) => c.get(name) ?? []);
      assert.deepEqual(
        claimed,
        Array.from({ length: 12 }, (_, i) => DUE + k * 100 + i),
        name,
      );
    }
    assert.deepEqual(await store.claimDue(NOW, 100, lease, planner, hex), []);
  });

  test('a small claim (fewer than 10 places) serves as many collections as it has places, in rotation', async () => {
    const store = await open();
    // Jobs1, then C2 … C8: collection ids in that order
    // 3 due jobs each; the first collections' jobs are due first, so due order alone would give
    // every place of the first claims to Jobs1.
    await seedCollections(
      store,
      Array.from({ length: 7 }, (_, k) => `C${k + 2}`),
      3,
    );
    const got: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const runs = await store.claimDue(NOW, 5, lease, planner, hex);
      got.push(runs.map((r) => `${r.job.collection}:${(r.dueAt - DUE) % 100}`).sort());
    }
    // Five places, five collections a claim with one place each, by collection id from where the
    // last claim stopped (an engine with few free slots does not serve one collection per claim:
    // its next claim may come only when one of those attempts ends).
    assert.deepEqual(got, [
      ['C2:0', 'C3:0', 'C4:0', 'C5:0', 'Jobs1:0'],
      ['C2:1', 'C6:0', 'C7:0', 'C8:0', 'Jobs1:1'],
      ['C3:1', 'C4:1', 'C5:1', 'C6:1', 'C7:1'],
    ]);
  });

  test('a collection due among many idle ones takes its turn within one rotation of windows: claims look at the next collections, not the same idle ones again', async () => {
    const store = await open();
    // Jobs1 with a backlog, then Late with one job due after all of Jobs1's.
    await seedPastIdle(store, [
      ...Array.from({ length: 20 }, (_, i) => oneTimeJob('Jobs1', `a${i}`, DUE + i)),
      oneTimeJob('Late', 'z', DUE + 1_000),
    ]);
    // The first window (Jobs1 and 99 idle collections) finds Jobs1 alone: its share is the claim.
    // The next claim starts after that window and finds Late alone in its own: Late's share (its
    // one due job), the place it leaves topped up in due order. Were the cursor left at Jobs1,
    // every claim would look at the same idle collections; were a collection found alone in a
    // window served due order, as when the walk saw every collection, Late would not be served
    // either: both would leave Late waiting for Jobs1's backlog to drain (10 claims).
    assert.deepEqual(await twoSmallClaims(store), [
      ['Jobs1', 'Jobs1'],
      ['Jobs1', 'Late'],
    ]);
  });

  test('a collection with a due run among many idle ones takes its turn within one rotation of windows', async () => {
    const store = await open();
    await seedPastIdle(store, [
      ...Array.from({ length: 12 }, (_, i) => oneTimeJob('Jobs1', `a${i}`, DUE + i)),
      oneTimeJob('Late', 'z', DUE + 100),
    ]);
    // A node that died holding them all: Jobs1's leases expire first, Late's after.
    const jobs1 = await store.claimDue(DUE + 50, 12, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
    assert.deepEqual(
      jobs1.map((r) => r.job.collection),
      Array.from({ length: 12 }, () => 'Jobs1'),
    );
    const late = await store.claimDue(DUE + 500, 1, { owner: 'dead', until: DUE + 2_000 }, planner, hex);
    assert.deepEqual(
      late.map((r) => r.job.collection),
      ['Late'],
    );
    assert.deepEqual(await twoSmallClaims(store), [
      ['Jobs1', 'Jobs1'],
      ['Jobs1', 'Late'],
    ]);
  });

  test('a suspended collection takes no share of a backlog', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Paused', suspended: true }));
    await seed(store, [
      ...Array.from({ length: 20 }, (_, i) => oneTimeJob('Jobs1', `a${i}`, DUE + i)),
      oneTimeJob('Paused', 'p0', DUE),
    ]);
    const runs = await store.claimDue(NOW, 10, lease, planner, hex);
    assert.deepEqual(
      runs.map((r) => `${r.job.collection}:${r.dueAt}`),
      Array.from({ length: 10 }, (_, i) => `Jobs1:${DUE + i}`),
    );
  });
  test('a storm of due runs (redeliveries, retries) takes at most half a claim while due jobs wait: the jobs take the rest, fair-shared; places they do not need go back to the runs', async () => {
    const store = await open();
    await seedCollection(store); // Jobs1: the storm
    await store.createJobCollection(collection({ name: 'Steady' }));
    await store.createJobCollection(collection({ name: 'Burst' }));
    await seed(
      store,
      Array.from({ length: 300 }, (_, i) => oneTimeJob('Jobs1', `r${i}`, DUE + i)),
    );
    // A node that died holding all 300: their leases expire at DUE + 1,000, long before NOW.
    const dead = { owner: 'dead', until: DUE + 1_000 };
    assert.equal((await store.claimDue(DUE + 999, 300, dead, planner, hex)).length, 300);
    await seed(store, [
      oneTimeJob('Steady', 's0', DUE + 5_000),
      oneTimeJob('Steady', 's1', DUE + 5_001),
      ...Array.from({ length: 200 }, (_, i) => oneTimeJob('Burst', `b${i}`, DUE + 6_000 + i)),
    ]);

    // Runs, then jobs, each within its share: 50 redeliveries (earliest first, same tags), 50 jobs
    // shared between Steady and Burst.
    const first = await store.claimDue(NOW, 100, lease, planner, hex);
    const runs = first.filter((r) => r.reclaimed === true);
    assert.deepEqual(
      runs.map((r) => r.dueAt),
      Array.from({ length: 50 }, (_, i) => DUE + i),
    );
    const got = byCollection(first.filter((r) => r.reclaimed !== true));
    assert.deepEqual(got.get('Steady'), [DUE + 5_000, DUE + 5_001]);
    assert.deepEqual(
      got.get('Burst'),
      Array.from({ length: 48 }, (_, i) => DUE + 6_000 + i),
    );
    assert.ok(first.every((r) => r.dueAt <= NOW));

    // Burst's 152 due jobs take 50 a claim beside 50 runs, until the jobs no longer need their
    // half: then the runs fill the batch.
    const second = await store.claimDue(NOW, 100, lease, planner, hex);
    assert.equal(second.filter((r) => r.reclaimed === true).length, 50);
    await store.claimDue(NOW, 100, lease, planner, hex);
    await store.claimDue(NOW, 100, lease, planner, hex);
    const fifth = await store.claimDue(NOW, 100, lease, planner, hex);
    // 200 runs and 200 Burst jobs so far; left: 100 runs and 2 jobs.
    assert.equal(fifth.filter((r) => r.reclaimed !== true).length, 2);
    assert.equal(fifth.filter((r) => r.reclaimed === true).length, 98);
    assert.equal((await store.claimDue(NOW, 100, lease, planner, hex)).length, 2);
    assert.deepEqual(await store.claimDue(NOW, 100, lease, planner, hex), []);
  });

  test('with no job due, due runs take the whole claim', async () => {
    const store = await open();
    await seedCollection(store);
    await seed(
      store,
      Array.from({ length: 150 }, (_, i) => oneTimeJob('Jobs1', `r${i}`, DUE + i)),
    );
    await store.claimDue(DUE + 999, 150, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
    const claimed = await store.claimDue(NOW, 100, lease, planner, hex);
    assert.deepEqual(
      claimed.map((r) => [r.dueAt, r.reclaimed]),
      Array.from({ length: 100 }, (_, i) => [DUE + i, true]),
    );
  });
  test("due runs are shared per collection too: a storm of one collection's redeliveries delays another collection's by at most one claim", async () => {
    const store = await open();
    await seedCollection(store); // Jobs1: the storm
    await store.createJobCollection(collection({ name: 'Other' }));
    await store.createJobCollection(collection({ name: 'Third' }));
    await seed(store, [
      ...Array.from({ length: 300 }, (_, i) => oneTimeJob('Jobs1', `r${i}`, DUE + i)),
      ...Array.from({ length: 5 }, (_, i) => oneTimeJob('Other', `o${i}`, DUE + 500 + i)),
      ...Array.from({ length: 2 }, (_, i) => oneTimeJob('Third', `t${i}`, DUE + 600 + i)),
    ]);
    // A node that died holding all 307: their leases expire at DUE + 1,000, long before NOW. Due
    // order alone would give the storm the next three claims.
    const dead = { owner: 'dead', until: DUE + 1_000 };
    const held = await store.claimDue(DUE + 999, 307, dead, planner, hex);
    assert.equal(held.length, 307);

    const first = await store.claimDue(NOW, 100, lease, planner, hex);
    assert.equal(first.length, 100);
    assert.ok(first.every((r) => r.reclaimed === true));
    const got = byCollection(first);
    assert.deepEqual(
      got.get('Other'),
      [0, 1, 2, 3, 4].map((i) => DUE + 500 + i),
    );
    assert.deepEqual(got.get('Third'), [DUE + 600, DUE + 601]);
    // The storm fills the rest with its earliest runs, in due order.
    assert.deepEqual(
      got.get('Jobs1'),
      Array.from({ length: 93 }, (_, i) => DUE + i),
    );
    // Redelivered with the tags they were started with.
    const tags = new Map(held.map((r) => [r.runId, r.executionTag]));
    assert.ok(first.every((r) => tags.get(r.runId) === r.executionTag));

    // The next claims go on with the storm where it stopped, in due order.
    const second = await store.claimDue(NOW, 100, lease, planner, hex);
    assert.deepEqual(
      second.map((r) => `${r.job.collection}:${r.dueAt}`),
      Array.from({ length: 100 }, (_, i) => `Jobs1:${DUE + 93 + i}`),
    );
    assert.equal((await store.claimDue(NOW, 100, lease, planner, hex)).length, 100);
    assert.equal((await store.claimDue(NOW, 100, lease, planner, hex)).length, 7);
    assert.deepEqual(await store.claimDue(NOW, 100, lease, planner, hex), []);
  });

  test('with more collections holding due runs than a claim has shares for, ten places each go to the next collections in rotation', async () => {
    const store = await open();
    // Jobs1, then R01 … R24: collection ids in that order
    // 12 runs each, held by a node that died; the later collections' runs are due later, so due
    // order alone would serve the first collections first.
    const names = await seedCollections(
      store,
      Array.from({ length: 24 }, (_, k) => `R${String(k + 1).padStart(2, '0')}`),
      12,
    );
    const held = await store.claimDue(DUE + 2_999, 300, { owner: 'dead', until: DUE + 3_000 }, planner, hex);
    assert.equal(held.length, 300);
    const claims: Map<string, number[]>[] = [];
    for (let i = 0; i < 3; i++) {
      const got = await store.claimDue(NOW, 100, lease, planner, hex);
      assert.ok(got.every((r) => r.reclaimed === true));
      claims.push(byCollection(got));
    }
    const shares = (m: Map<string, number[]>): string[] => [...m.keys()].sort();
    // Ten collections a claim, ten runs each, by collection id from where the last claim stopped.
    assert.deepEqual(shares(claims[0]!), names.slice(0, 10).sort());
    assert.deepEqual(shares(claims[1]!), names.slice(10, 20).sort());
    for (const [k, name] of names.slice(0, 20).entries())
      assert.deepEqual(
        claims[Math.floor(k / 10)]!.get(name),
        Array.from({ length: 10 }, (_, i) => DUE + names.indexOf(name) * 100 + i),
        name,
      );
    // Every run redelivered once, in due order within its collection.
    for (const [k, name] of names.entries())
      assert.deepEqual(
        claims.flatMap((c) => c.get(name) ?? []),
        Array.from({ length: 12 }, (_, i) => DUE + k * 100 + i),
        name,
      );
    assert.deepEqual(await store.claimDue(NOW, 100, lease, planner, hex), []);
  });

  test("while due jobs wait, the runs' half of a claim is shared per collection as well", async () => {
    const store = await open();
    await seedCollection(store); // Jobs1: the storm
    await store.createJobCollection(collection({ name: 'Other' }));
    await store.createJobCollection(collection({ name: 'Steady' }));
    await seed(store, [
      ...Array.from({ length: 200 }, (_, i) => oneTimeJob('Jobs1', `r${i}`, DUE + i)),
      ...Array.from({ length: 30 }, (_, i) => oneTimeJob('Other', `o${i}`, DUE + 500 + i)),
    ]);
    await store.claimDue(DUE + 999, 230, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
    await seed(
      store,
      Array.from({ length: 80 }, (_, i) => oneTimeJob('Steady', `s${i}`, DUE + 5_000 + i)),
    );
    const first = await store.claimDue(NOW, 100, lease, planner, hex);
    const runs = byCollection(first.filter((r) => r.reclaimed === true));
    // 50 places for runs: 25 each, earliest first within each collection.
    assert.deepEqual(
      runs.get('Jobs1'),
      Array.from({ length: 25 }, (_, i) => DUE + i),
    );
    assert.deepEqual(
      runs.get('Other'),
      Array.from({ length: 25 }, (_, i) => DUE + 500 + i),
    );
    assert.deepEqual(
      byCollection(first.filter((r) => r.reclaimed !== true)).get('Steady'),
      Array.from({ length: 50 }, (_, i) => DUE + 5_000 + i),
    );
  });

  test('claims of one place (an engine with few slots) alternate between due runs and due jobs; with only one side due, it takes every claim', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Steady' }));
    await seed(
      store,
      Array.from({ length: 6 }, (_, i) => oneTimeJob('Jobs1', `r${i}`, DUE + i)),
    );
    await store.claimDue(DUE + 999, 6, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
    await seed(
      store,
      Array.from({ length: 3 }, (_, i) => oneTimeJob('Steady', `s${i}`, DUE + 5_000 + i)),
    );
    const kinds: string[] = [];
    for (let i = 0; i < 9; i++) {
      const [one, ...none] = await store.claimDue(NOW, 1, lease, planner, hex);
      assert.ok(one);
      assert.equal(none.length, 0);
      kinds.push(one.reclaimed === true ? `run:${one.dueAt - DUE}` : `job:${one.dueAt - DUE}`);
    }
    assert.deepEqual(kinds, [
      'run:0',
      'job:5000',
      'run:1',
      'job:5001',
      'run:2',
      'job:5002',
      'run:3',
      'run:4',
      'run:5',
    ]);
    assert.deepEqual(await store.claimDue(NOW, 1, lease, planner, hex), []);
  });
});
