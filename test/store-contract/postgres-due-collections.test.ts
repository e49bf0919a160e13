/**
 * A backlog claim on PostgreSQL, and a claim in a storm of due runs, looks at the collections up to
 * its last one taking part, not at every collection of the store, and never at more than one window
 * of the rotation (docs/engine.md, "Fairness"): with 10,000 collections the form that asked every
 * collection for its first due time cost 3.6 ms per claim on SQLite and twice the PostgreSQL CPU
 * per execution (bench/RESULTS.md, "PostgreSQL store ceiling"); a burst in one collection among
 * many idle ones still cost each claim a question per collection until the window bounded it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import type { Store } from '../../src/ports/store.js';
import { CLAIM_START_POSTGRES } from '../../src/store/sql/engine-claim-start.js';
import { WALK_PER_TURN } from '../../src/store/sql/engine-fair.js';
import { RUN_SHARES_POSTGRES_QUERIES } from '../../src/store/sql/engine-run-shares.js';
import { flag } from '../../src/store/rows/values.js';
import { postgresOnly } from './backends.js';
import { eachPlan, rowsOf, scansOf, withClient, type PlanNode } from './pg-plans.js';
import { collection, oneTimeJob, planning, seedCollection, T0 } from './fixtures.js';

const COLLECTIONS = 60;
const DUE = T0 + 60_000;
const NOW = DUE + 10_000;

/** The subtrees of the CTEs that choose the collections taking part (`dc`, `rdc`; `cx` of the old form). */
function choosing(node: PlanNode): PlanNode[] {
  if (/^CTE (dc|cx|rdc)$/.test(node['Subplan Name'] ?? '')) return [node];
  return (node.Plans ?? []).flatMap(choosing);
}

/** At most how many collections a walk may ask for their first due time, to find `taking`. */
interface Walk {
  readonly askedAtMost: number;
  readonly taking: number;
}

/**
 * Runs `sql` under EXPLAIN ANALYZE (rolled back), planned on tables without statistics and again
 * after ANALYZE, and checks what choosing the collections of the claim cost: how many collections
 * it asked for their first due time (one seek each into `relation`, the due jobs or runs) and how
 * many rows of `relation` it read. (The collections' own rows it reads are cheap: their primary key
 * in order, or on tables as small as these a scan and a sort.)
 */
async function assertShortWalk(
  client: pg.Client,
  sql: string,
  params: readonly unknown[],
  relation: string,
  walk: Walk = { askedAtMost: 12, taking: 10 },
): Promise<void> {
  await eachPlan(client, [[sql, params]], (plan, stats) => {
    const subtrees = choosing(plan);
    assert.ok(subtrees.length > 0, 'the plan has the CTE that chooses the collections');
    const n = subtrees.reduce((sum, s) => sum + scansOf(s, relation), 0);
    assert.ok(n >= walk.taking, `${stats}: ${walk.taking} collections take part, asked ${n}`);
    assert.ok(n <= walk.askedAtMost, `${stats}: asked ${n} collections to find ${walk.taking}`);
    const read = subtrees.reduce((sum, s) => sum + rowsOf(s, relation), 0);
    assert.ok(read <= 12, `${stats}: read ${read} rows of ${relation} to find ${walk.taking} collections`);
  });
}

/** IDLE collections with no job at all, after whatever the store holds (so later in the rotation). */
const IDLE = 150;

/**
 * Claims of 2 places: 2 collections take part (`collectionsPerClaim`), so a claim looks at a
 * window of 2 * WALK_PER_TURN (100) collections of the rotation at most.
 */
const SMALL = 2;
const SMALL_WINDOW = 2 * WALK_PER_TURN;

/** Jobs1 with 12 jobs due at DUE (a backlog for claims of 2), then IDLE collections without jobs. */
async function seedSparse(store: Store): Promise<void> {
  await seedCollection(store);
  for (let i = 0; i < 12; i++) await store.insertJob(oneTimeJob('Jobs1', `j${i}`, DUE), { maxJobs: 100 });
  for (let i = 0; i < IDLE; i++) await store.createJobCollection(collection({ name: `idle${i}` }));
}

/** Runs `sql` for real (rolled back) and answers the cursor of its row of kind `kind`. */
async function cursorOf(
  client: pg.Client,
  sql: string,
  params: readonly unknown[],
  kind: string,
): Promise<unknown> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ kind: string; r: { cursor?: unknown } | null }>(sql, [...params]);
    return rows.find((r) => r.kind === kind)?.r?.cursor;
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The id of the `n`th collection by id: where a window of `n` from cursor 0 ends. */
async function nthCollection(client: pg.Client, n: number): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM job_collections ORDER BY id OFFSET $1 LIMIT 1',
    [n - 1],
  );
  return Number(rows[0]!.id);
}

/** COLLECTIONS collections (Jobs1, c001, …) with two jobs due at DUE each. */
async function seedDue(store: Store): Promise<void> {
  await seedCollection(store);
  for (let i = 0; i < COLLECTIONS; i++) {
    const name = `c${String(i).padStart(3, '0')}`;
    if (i > 0) await store.createJobCollection(collection({ name }));
    const coll = i > 0 ? name : 'Jobs1';
    for (const id of ['a', 'b']) await store.insertJob(oneTimeJob(coll, id, DUE), { maxJobs: 10 });
  }
}

postgresOnly((open) => {
  test('postgres: a backlog claim walks the collections from its cursor to its tenth due one, not all of them', async () => {
    const store = await open();
    await seedDue(store);
    await withClient(store, async (client) => {
      // A claim of 100 met by a backlog (120 due jobs): ten collections take part.
      const params = [NOW, 100, 'n1', NOW + 30_000, flag(false), flag(true), 50, 0];
      await assertShortWalk(client, CLAIM_START_POSTGRES, params, 'jobs');
    });
  });

  test('postgres: a claim in a storm of due runs walks the collections from its cursor to its tenth, not all of them', async () => {
    const store = await open();
    await seedDue(store);
    // A node that died holding all 120: their leases expired long before NOW.
    const { planner, hex } = planning();
    const dead = { owner: 'dead', until: DUE + 1_000 };
    assert.equal((await store.claimDue(DUE + 999, 120, dead, planner, hex)).length, 120);
    await withClient(store, async (client) => {
      // 100 places for runs: ten collections take part.
      const params = [NOW, 100, 'n1', NOW + 30_000, 0];
      await assertShortWalk(client, RUN_SHARES_POSTGRES_QUERIES.leaseRunShares, params, 'runs');
    });
  });

  test('postgres: a backlog claim among many idle collections asks one window of the rotation, not every collection, and the next claim starts after it', async () => {
    const store = await open();
    await seedSparse(store);
    await withClient(store, async (client) => {
      // Claims of 2 met by a backlog in Jobs1 alone: the window holds Jobs1 and 99 idle collections.
      const params = [NOW, SMALL, 'n1', NOW + 30_000, flag(false), flag(true), 1, 0];
      await assertShortWalk(client, CLAIM_START_POSTGRES, params, 'jobs', {
        askedAtMost: SMALL_WINDOW,
        taking: 1,
      });
      assert.equal(
        await cursorOf(client, CLAIM_START_POSTGRES, params, 'backlog'),
        await nthCollection(client, SMALL_WINDOW),
      );
    });
  });

  test('postgres: a storm of due runs among many idle collections asks one window of the rotation, and the next storm claim starts after it', async () => {
    const store = await open();
    await seedSparse(store);
    const { planner, hex } = planning();
    const dead = { owner: 'dead', until: DUE + 1_000 };
    assert.equal((await store.claimDue(DUE + 999, 12, dead, planner, hex)).length, 12);
    await withClient(store, async (client) => {
      const params = [NOW, SMALL, 'n1', NOW + 30_000, 0];
      const sql = RUN_SHARES_POSTGRES_QUERIES.leaseRunShares;
      await assertShortWalk(client, sql, params, 'runs', { askedAtMost: SMALL_WINDOW, taking: 1 });
      assert.equal(await cursorOf(client, sql, params, 'cursor'), await nthCollection(client, SMALL_WINDOW));
    });
  });
});
