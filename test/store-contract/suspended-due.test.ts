/**
 * A suspended collection's jobs are held apart in the due indexes (docs/engine.md, "Suspended
 * collections"): they keep their due times, so leaving `Suspended` runs what fell due, but no poll
 * or claim walks past them meanwhile. Before migration 011, a suspended collection holding 100,000 due jobs cost
 * every poll 23 ms and a claim of one busy collection 256–268 µs per execution (SQLite).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Store } from '../../src/ports/store.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import { QUERIES } from '../../src/store/sql/queries.js';
import { PG_QUERIES } from '../../src/store/postgres/pg-queries.js';
import { flag } from '../../src/store/rows/values.js';
import { forEachBackend, postgresOnly } from './backends.js';
import { eachPlan, rowsRead, withClient, type PlanNode, type Statement } from './pg-plans.js';
import { collection, oneTimeJob, planning, seedCollection, setSuspended, T0 } from './fixtures.js';

const DUE = T0 + 60_000;
const NOW = DUE + 10_000;
const HELD = 300;
/** Jobs created in the collection while it is suspended. */
const LATE = 50;

/** Paused (suspended) with HELD jobs due at DUE; Jobs1 running with 5 due a second later. */
async function seedHeld(store: Store): Promise<void> {
  await seedCollection(store);
  await store.createJobCollection(collection({ name: 'Paused' }));
  for (let i = 0; i < HELD; i++)
    await store.insertJob(oneTimeJob('Paused', `p${i}`, DUE), { maxJobs: 1_000 });
  for (let i = 0; i < 5; i++)
    await store.insertJob(oneTimeJob('Jobs1', `j${i}`, DUE + 1_000), { maxJobs: 1_000 });
  await setSuspended(store, 'Paused', true);
}

/**
 * Occurrences in progress of a node that died (leases expired at DUE + 1 s, so each is due for
 * redelivery): HELD in Paused, then suspended, and 5 in Jobs1. Answers the runs claimed.
 */
async function seedHeldRuns(store: Store, suspend = true): Promise<{ paused: string[]; running: string[] }> {
  await seedCollection(store);
  await store.createJobCollection(collection({ name: 'Paused' }));
  for (let i = 0; i < HELD; i++)
    await store.insertJob(oneTimeJob('Paused', `p${i}`, DUE), { maxJobs: 1_000 });
  for (let i = 0; i < 5; i++) await store.insertJob(oneTimeJob('Jobs1', `j${i}`, DUE), { maxJobs: 1_000 });
  const { planner, hex } = planning();
  const dead = await store.claimDue(DUE, 1_000, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
  assert.equal(dead.length, HELD + 5);
  if (suspend) await setSuspended(store, 'Paused', true);
  const tags = (coll: string): string[] =>
    dead.filter((r) => r.job.collection === coll).map((r) => r.executionTag);
  return { paused: tags('Paused'), running: tags('Jobs1') };
}

forEachBackend((_name, open) => {
  test('a suspended collection holds its due jobs back; leaving the suspension runs them', async () => {
    const store = await open();
    await seedHeld(store);
    const { planner, hex } = planning();
    const lease = { owner: 'n1', until: NOW + 30_000 };
    assert.deepEqual(
      await store.peekDue(NOW, 10),
      Array.from({ length: 5 }, () => DUE + 1_000),
    );
    const running = await store.claimDue(NOW, 10, lease, planner, hex);
    assert.deepEqual(new Set(running.map((r) => r.job.collection)), new Set(['Jobs1']));
    assert.equal(running.length, 5);
    await setSuspended(store, 'Paused', false);
    // What fell due while suspended runs now, in due order.
    assert.deepEqual(await store.peekDue(NOW, 3), [DUE, DUE, DUE]);
    const back = await store.claimDue(NOW, 1_000, lease, planner, hex);
    assert.equal(back.length, HELD);
    assert.deepEqual(new Set(back.map((r) => r.job.collection)), new Set(['Paused']));
    await store.close();
  });

  test('an occurrence in progress waits while its collection is suspended: no redelivery, no retry until it resumes', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Paused' }));
    await store.insertJob(oneTimeJob('Paused', 'p', DUE), { maxJobs: 10 });
    const { planner, hex } = planning();
    // A node that died holding it: its lease expires at DUE + 1 s.
    const [dead] = await store.claimDue(DUE, 10, { owner: 'dead', until: DUE + 1_000 }, planner, hex);
    assert.equal(dead?.job.jobId, 'p');
    await setSuspended(store, 'Paused', true);
    const lease = { owner: 'n1', until: NOW + 30_000 };
    assert.deepEqual(await store.peekDue(NOW, 10), []);
    assert.deepEqual(await store.claimDue(NOW, 10, lease, planner, hex), []);
    await setSuspended(store, 'Paused', false);
    assert.deepEqual(await store.peekDue(NOW, 10), [DUE + 1_000]);
    const back = await store.claimDue(NOW, 10, lease, planner, hex);
    assert.deepEqual(
      back.map((r) => [r.job.jobId, r.executionTag]),
      [['p', dead.executionTag]],
    );
    await store.close();
  });

  test("a suspended collection's occurrences in progress are held back in wake order; leaving the suspension redelivers them", async () => {
    const store = await open();
    const tags = await seedHeldRuns(store);
    const { planner, hex } = planning();
    const lease = { owner: 'n1', until: NOW + 30_000 };
    assert.deepEqual(
      await store.peekDue(NOW, 10),
      Array.from({ length: 5 }, () => DUE + 1_000),
    );
    const running = await store.claimDue(NOW, 1_000, lease, planner, hex);
    assert.deepEqual(running.map((r) => r.executionTag).sort(), [...tags.running].sort());
    await setSuspended(store, 'Paused', false);
    assert.deepEqual(await store.peekDue(NOW, 3), [DUE + 1_000, DUE + 1_000, DUE + 1_000]);
    const back = await store.claimDue(NOW, 1_000, lease, planner, hex);
    assert.deepEqual(back.map((r) => r.executionTag).sort(), [...tags.paused].sort());
    await store.close();
  });

  test('a job created in a suspended collection does not run until the suspension ends', async () => {
    const store = await open();
    await seedHeld(store);
    await store.insertJob(oneTimeJob('Paused', 'late', DUE), { maxJobs: 1_000 });
    const { planner, hex } = planning();
    const lease = { owner: 'n1', until: NOW + 30_000 };
    assert.equal((await store.claimDue(NOW, 1_000, lease, planner, hex)).length, 5);
    await setSuspended(store, 'Paused', true); // a repeated suspension changes nothing
    assert.deepEqual(await store.claimDue(NOW, 1_000, lease, planner, hex), []);
    await setSuspended(store, 'Paused', false);
    assert.equal((await store.claimDue(NOW, 1_000, lease, planner, hex)).length, HELD + 1);
    await store.close();
  });
});

postgresOnly((open) => {
  test("postgres: the poll and the claim read none of a suspended collection's due jobs, made before or during the suspension", async () => {
    const store = await open();
    await seedHeld(store);
    for (let i = 0; i < LATE; i++)
      await store.insertJob(oneTimeJob('Paused', `late${i}`, DUE), { maxJobs: 1_000 });
    await withClient(store, async (client) => {
      const names = ['peekJobsDue', 'claimStart'];
      const statements: Statement[] = [
        [PG_QUERIES.peekJobsDue, [NOW, flag(false), 10]],
        [PG_QUERIES.claimStart, [NOW, 10, 'n1', NOW + 30_000, flag(false), flag(false), 5, 0]],
      ];
      await eachPlan(client, statements, (plan, stats, i) => {
        const read = rowsRead(plan, 'jobs');
        assert.ok(read <= 12, `${stats}: ${names[i]} read ${read} job rows (${HELD + LATE} held)`);
      });
    });
  });
});

postgresOnly((open) => {
  test('postgres: a job created while a resumption commits is not held: it reads the state the resumption wrote', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Paused' }));
    await setSuspended(store, 'Paused', true);
    await withClient(store, async (client) => {
      // A resumption in flight, as updateJobCollection makes it: the collection row locked, then written.
      await client.query('BEGIN');
      await client.query(`SELECT id FROM job_collections WHERE name = 'Paused' FOR UPDATE`);
      await client.query(`UPDATE job_collections SET suspended = FALSE WHERE name = 'Paused'`);
      await client.query(`UPDATE jobs SET held = FALSE WHERE held = TRUE`);
      const created = store.insertJob(oneTimeJob('Paused', 'racer', DUE), { maxJobs: 10 });
      // The insert waits for the collection row (its FOR KEY SHARE against FOR UPDATE).
      for (;;) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()`,
        );
        if (Number(rows[0]?.n) > 0) break;
        await delay(10);
      }
      await client.query('COMMIT');
      await created;
      const { rows } = await client.query<{ held: boolean }>(`SELECT held FROM jobs WHERE name = 'racer'`);
      assert.deepEqual(rows, [{ held: false }]);
      const { planner, hex } = planning();
      const claimed = await store.claimDue(NOW, 10, { owner: 'n1', until: NOW + 30_000 }, planner, hex);
      assert.deepEqual(
        claimed.map((r) => r.job.jobId),
        ['racer'],
      );
    });
  });
});

/** The node of `plan` named `name` (a CTE's or subplan's), if any. */
function subplan(plan: PlanNode, name: string): PlanNode | undefined {
  if (plan['Subplan Name'] === name) return plan;
  for (const child of plan.Plans ?? []) {
    const found = subplan(child, name);
    if (found) return found;
  }
  return undefined;
}

postgresOnly((open) => {
  test("postgres: the poll and the claims of due runs read none of a suspended collection's occurrences in progress", async () => {
    const store = await open();
    await seedHeldRuns(store);
    await withClient(store, async (client) => {
      // The walk in wake order: the poll itself, claimStart's `dr` and leaseRunShares' `rdo` (the
      // update that leases what they found joins runs as its plan likes, by primary key or not).
      const names = ['peekRunsDue', 'claimStart', 'leaseRunShares'];
      const walks = [undefined, 'CTE dr', 'CTE rdo'];
      const statements: Statement[] = [
        [PG_QUERIES.peekRunsDue, [NOW, 10]],
        [PG_QUERIES.claimStart, [NOW, 10, 'n1', NOW + 30_000, flag(false), flag(false), 5, 0]],
        [PG_QUERIES.leaseRunShares, [NOW, 10, 'n1', NOW + 30_000, 0]],
      ];
      await eachPlan(client, statements, (plan, stats, i) => {
        const walk = walks[i] === undefined ? plan : subplan(plan, walks[i]);
        assert.ok(walk, `${stats}: ${names[i]} has no ${walks[i]}`);
        const read = rowsRead(walk, 'runs');
        assert.ok(read <= 12, `${stats}: ${names[i]} read ${read} run rows in wake order (${HELD} held)`);
      });
    });
  });
});

postgresOnly((open) => {
  test('postgres: a suspension never waits for rows the engine holds; the resumption clears every row', async () => {
    const store = await open();
    const tags = await seedHeldRuns(store, false);
    await withClient(store, async (client) => {
      const paused = `(SELECT c.id FROM job_collections c WHERE c.name = 'Paused')`;
      // An outcome batch in flight: one run of the collection and its job locked.
      await client.query('BEGIN');
      const locked = await client.query<{ id: string; job_id: string }>(
        `SELECT r.id, r.job_id FROM runs r WHERE r.collection_id = ${paused} ORDER BY r.id LIMIT 1
          FOR UPDATE OF r`,
      );
      const [run] = locked.rows;
      assert.ok(run);
      await client.query('SELECT id FROM jobs WHERE id = $1 FOR UPDATE', [run.job_id]);
      const suspension = setSuspended(store, 'Paused', true);
      const patience = new AbortController();
      const first = await Promise.race([
        suspension.then(() => 'suspended'),
        delay(5_000, 'still waiting', { signal: patience.signal }).catch(() => 'aborted'),
      ]);
      patience.abort();
      await client.query('COMMIT');
      await suspension;
      assert.equal(first, 'suspended', 'the suspension waited for the rows the engine holds');
      const held = async (table: string, column: string): Promise<Map<string, boolean>> =>
        new Map(
          (
            await client.query<{ id: string; held: boolean }>(
              `SELECT ${column} AS id, held FROM ${table} WHERE collection_id = ${paused}`,
            )
          ).rows.map((r) => [String(r.id), r.held]),
        );
      const runs = await held('runs', 'id');
      const jobs = await held('jobs', 'id');
      assert.equal(runs.size, HELD);
      assert.equal(runs.get(run.id), false, 'the locked run was skipped');
      assert.equal([...runs.values()].filter(Boolean).length, HELD - 1);
      assert.equal(jobs.get(String(run.job_id)), false, 'the locked job was skipped');
      assert.equal([...jobs.values()].filter(Boolean).length, HELD - 1);
      // Skipped but not run: the suspension still keeps it waiting.
      const { planner, hex } = planning();
      const lease = { owner: 'n1', until: NOW + 30_000 };
      const running = await store.claimDue(NOW, 1_000, lease, planner, hex);
      assert.deepEqual(running.map((r) => r.executionTag).sort(), [...tags.running].sort());
      await setSuspended(store, 'Paused', false);
      assert.equal([...(await held('runs', 'id')).values()].filter(Boolean).length, 0);
      assert.equal([...(await held('jobs', 'id')).values()].filter(Boolean).length, 0);
      const back = await store.claimDue(NOW, 1_000, lease, planner, hex);
      assert.deepEqual(back.map((r) => r.executionTag).sort(), [...tags.paused].sort());
    });
  });
});

test("sqlite: a suspended collection's occurrences in progress are held apart in runs_by_wake, and back when it resumes", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-held-runs-'));
  try {
    const path = join(dir, 'takt.db');
    const store = await openSqliteStore({ path });
    try {
      await seedHeldRuns(store);
      const db = new Database(path, { readonly: true });
      try {
        const due = (): number =>
          (
            db
              .prepare(
                `SELECT COUNT(*) AS n FROM runs INDEXED BY runs_by_wake WHERE held = FALSE AND wake_at <= ?`,
              )
              .get(NOW) as { n: number }
          ).n;
        assert.equal(due(), 5);
        // The poll and the claim's due runs seek past the held runs in the index.
        for (const name of ['peekRunsDue', 'selectDueRuns'] as const) {
          const sql = QUERIES[name].replace(/\$1/g, String(NOW)).replace(/\$2/g, '10');
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map(
            (p) => p.detail,
          );
          assert.match(
            plan[0] ?? '',
            /^SEARCH r USING INDEX runs_by_wake \(held=\? AND wake_at<\?\)/,
            `${name}: ${plan.join(' | ')}`,
          );
          assert.ok(!plan.some((d) => /TEMP B-TREE/.test(d)), `${name} sorts: ${plan.join(' | ')}`);
        }
        await setSuspended(store, 'Paused', false);
        assert.equal(due(), 5 + HELD);
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sqlite: a suspended collection's jobs are held apart in the due indexes, and back when it resumes", async () => {
  // Checked on the file: read through each due index as the claim reads it (`held = FALSE`), the
  // suspended collection's jobs are not there.
  const dir = mkdtempSync(join(tmpdir(), 'takt-held-'));
  try {
    const path = join(dir, 'takt.db');
    const store = await openSqliteStore({ path });
    try {
      await seedHeld(store);
      const countIn = (index: string): number => {
        const db = new Database(path, { readonly: true });
        try {
          const sql = `SELECT COUNT(*) AS n FROM jobs INDEXED BY ${index}
            WHERE state = 'enabled' AND held = FALSE AND next_due_at IS NOT NULL`;
          return (db.prepare(sql).get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      // A job created while the collection is suspended is held apart too.
      await store.insertJob(oneTimeJob('Paused', 'late', DUE), { maxJobs: 1_000 });
      assert.equal(countIn('jobs_due'), 5);
      assert.equal(countIn('jobs_due_by_collection'), 5);
      assert.match(String(QUERIES.selectDueJobs), /held = FALSE/);
      await setSuspended(store, 'Paused', false);
      assert.equal(countIn('jobs_due'), 5 + HELD + 1);
      assert.equal(countIn('jobs_due_by_collection'), 5 + HELD + 1);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
