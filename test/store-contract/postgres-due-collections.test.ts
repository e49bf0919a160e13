/**
 * A backlog claim on PostgreSQL looks at the collections up to its last one taking part, not at every
 * collection of the store (docs/engine.md, "Fairness"): with 10,000 collections the old form, which
 * asked every collection for its first due time, cost 3.6 ms per claim on SQLite and twice the
 * PostgreSQL CPU per execution (bench/RESULTS.md, "PostgreSQL store ceiling").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { Job } from '../../src/domain/job.js';
import { CLAIM_START_POSTGRES } from '../../src/store/sql/engine-claim-start.js';
import { flag } from '../../src/store/rows/values.js';
import { locationOf, postgresOnly } from './backends.js';
import { collection, job, jobRef, seedCollection, T0 } from './fixtures.js';

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

const dueJob = (coll: string, id: string): Job => {
  const base = job(id);
  const { recurrence: _none, ...definition } = base.definition;
  return {
    ...base,
    ref: jobRef(id, { collection: coll }),
    definition: { ...definition, startTime: { ms: DUE, ticks: 0 } },
    schedule: { ...base.schedule, anchor: DUE, nextDueAt: DUE },
  };
};

/** The collection rows the scans under `node` walked: those they answered and those they filtered out. */
function walked(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'job_collections'
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + walked(child), 0);
}

/** The job rows the scans under `node` answered: one per collection asked, not the backlog. */
function jobRows(node: PlanNode): number {
  const own = node['Relation Name'] === 'jobs' ? (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + jobRows(child), 0);
}

/** The subtrees of the CTEs that choose the collections taking part (`dc`, and `cx` of the old form). */
function choosing(node: PlanNode): PlanNode[] {
  if (/^CTE (dc|cx)$/.test(node['Subplan Name'] ?? '')) return [node];
  return (node.Plans ?? []).flatMap(choosing);
}

postgresOnly((open) => {
  test('postgres: a backlog claim walks the collections from its cursor to its tenth due one, not all of them', async () => {
    const store = await open();
    await seedCollection(store);
    for (let i = 0; i < COLLECTIONS; i++) {
      const name = `c${String(i).padStart(3, '0')}`;
      if (i > 0) await store.createJobCollection(collection({ name }));
      const coll = i > 0 ? name : 'Jobs1';
      for (const id of ['a', 'b']) await store.insertJob(dueJob(coll, id), { maxJobs: 10 });
    }
    const loc = locationOf(store);
    assert.equal(loc.kind, 'postgres');
    const client = new pg.Client({ connectionString: loc.url });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${loc.schema}"`);
      // A claim of 100 met by a backlog (120 due jobs): ten collections take part. Planned on tables
      // without statistics (a new database) and again after ANALYZE.
      const params = [NOW, 100, 'n1', NOW + 30_000, flag(false), flag(true), 50, 0];
      for (const stats of ['without statistics', 'after ANALYZE']) {
        if (stats === 'after ANALYZE') await client.query('ANALYZE');
        await client.query('BEGIN');
        const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_START_POSTGRES}`,
          params,
        );
        await client.query('ROLLBACK');
        const subtrees = choosing(rows[0]!['QUERY PLAN'][0]!.Plan);
        assert.ok(subtrees.length > 0, 'the plan has the CTE that chooses the collections');
        const n = subtrees.reduce((sum, s) => sum + walked(s), 0);
        assert.ok(n >= 10, `${stats}: ten collections take part, walked ${n}`);
        assert.ok(n <= 12, `${stats}: walked ${n} of ${COLLECTIONS} collections to find ten due ones`);
        const jobsRead = subtrees.reduce((sum, s) => sum + jobRows(s), 0);
        assert.ok(jobsRead <= 12, `${stats}: read ${jobsRead} due jobs to find ten collections`);
      }
    } finally {
      await client.end();
    }
    await store.close();
  });
});
