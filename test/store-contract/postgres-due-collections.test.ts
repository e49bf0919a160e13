/**
 * A backlog claim on PostgreSQL, and a claim in a storm of due runs, looks at the collections up to
 * its last one taking part, not at every collection of the store (docs/engine.md, "Fairness"): with 10,000 collections the old form, which
 * asked every collection for its first due time, cost 3.6 ms per claim on SQLite and twice the
 * PostgreSQL CPU per execution (bench/RESULTS.md, "PostgreSQL store ceiling").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { Store } from '../../src/ports/store.js';
import { CLAIM_START_POSTGRES } from '../../src/store/sql/engine-claim-start.js';
import { RUN_SHARES_POSTGRES_QUERIES } from '../../src/store/sql/engine-run-shares.js';
import { flag } from '../../src/store/rows/values.js';
import { locationOf, postgresOnly } from './backends.js';
import { collection, oneTimeJob, planning, seedCollection, T0 } from './fixtures.js';

const COLLECTIONS = 60;
const DUE = T0 + 60_000;
const NOW = DUE + 10_000;

interface PlanNode {
  readonly 'Relation Name'?: string;
  readonly 'Subplan Name'?: string;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly 'Rows Removed by Filter'?: number;
  readonly Plans?: readonly PlanNode[];
}

/** The collection rows the scans under `node` walked: those they answered and those they filtered out. */
function walked(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'job_collections'
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + walked(child), 0);
}

/** The rows of `relation` the scans under `node` answered: one per collection asked, not the backlog. */
function rowsOf(node: PlanNode, relation: string): number {
  const own =
    node['Relation Name'] === relation ? (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + rowsOf(child, relation), 0);
}

/** The subtrees of the CTEs that choose the collections taking part (`dc`, `rdc`; `cx` of the old form). */
function choosing(node: PlanNode): PlanNode[] {
  if (/^CTE (dc|cx|rdc)$/.test(node['Subplan Name'] ?? '')) return [node];
  return (node.Plans ?? []).flatMap(choosing);
}

/**
 * Runs `sql` under EXPLAIN ANALYZE (rolled back), planned on tables without statistics and again
 * after ANALYZE, and checks that choosing the ten collections of a claim of 100 looked at no more
 * than 12 collections and read no more than 12 rows of `relation` (the due jobs or runs).
 */
async function assertShortWalk(
  client: pg.Client,
  sql: string,
  params: readonly unknown[],
  relation: string,
): Promise<void> {
  for (const stats of ['without statistics', 'after ANALYZE']) {
    if (stats === 'after ANALYZE') await client.query('ANALYZE');
    await client.query('BEGIN');
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      [...params],
    );
    await client.query('ROLLBACK');
    const subtrees = choosing(rows[0]!['QUERY PLAN'][0]!.Plan);
    assert.ok(subtrees.length > 0, 'the plan has the CTE that chooses the collections');
    const n = subtrees.reduce((sum, s) => sum + walked(s), 0);
    assert.ok(n >= 10, `${stats}: ten collections take part, walked ${n}`);
    assert.ok(n <= 12, `${stats}: walked ${n} of ${COLLECTIONS} collections to find ten`);
    const read = subtrees.reduce((sum, s) => sum + rowsOf(s, relation), 0);
    assert.ok(read <= 12, `${stats}: read ${read} rows of ${relation} to find ten collections`);
  }
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

/** A client on the store's schema. */
async function connect(store: Store): Promise<pg.Client> {
  const loc = locationOf(store);
  assert.equal(loc.kind, 'postgres');
  const client = new pg.Client({ connectionString: loc.url });
  await client.connect();
  await client.query(`SET search_path TO "${loc.schema}"`);
  return client;
}

postgresOnly((open) => {
  test('postgres: a backlog claim walks the collections from its cursor to its tenth due one, not all of them', async () => {
    const store = await open();
    await seedDue(store);
    const client = await connect(store);
    try {
      // A claim of 100 met by a backlog (120 due jobs): ten collections take part.
      const params = [NOW, 100, 'n1', NOW + 30_000, flag(false), flag(true), 50, 0];
      await assertShortWalk(client, CLAIM_START_POSTGRES, params, 'jobs');
    } finally {
      await client.end();
    }
    await store.close();
  });

  test('postgres: a claim in a storm of due runs walks the collections from its cursor to its tenth, not all of them', async () => {
    const store = await open();
    await seedDue(store);
    // A node that died holding all 120: their leases expired long before NOW.
    const { planner, hex } = planning();
    const dead = { owner: 'dead', until: DUE + 1_000 };
    assert.equal((await store.claimDue(DUE + 999, 120, dead, planner, hex)).length, 120);
    const client = await connect(store);
    try {
      // 100 places for runs: ten collections take part.
      const params = [NOW, 100, 'n1', NOW + 30_000, 0];
      await assertShortWalk(client, RUN_SHARES_POSTGRES_QUERIES.leaseRunShares, params, 'runs');
    } finally {
      await client.end();
    }
    await store.close();
  });
});
