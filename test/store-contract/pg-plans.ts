/**
 * Reading PostgreSQL's plans in the store-contract tests: a statement run under EXPLAIN ANALYZE
 * (rolled back), on tables without statistics and again after ANALYZE, and what its scans read.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Store } from '../../src/ports/store.js';
import { locationOf } from './backends.js';

export interface PlanNode {
  readonly 'Relation Name'?: string;
  readonly 'Subplan Name'?: string;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly 'Rows Removed by Filter'?: number;
  readonly Plans?: readonly PlanNode[];
}

/** Runs `fn` with a client on the store's schema, then closes the client and the store. */
export async function withClient(store: Store, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const loc = locationOf(store);
  assert.equal(loc.kind, 'postgres');
  const client = new pg.Client({ connectionString: loc.url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${loc.schema}"`);
    await fn(client);
  } finally {
    await client.end();
    await store.close();
  }
}

/** A statement and its parameters. */
export type Statement = readonly [sql: string, params: readonly unknown[]];

/**
 * `check` of the plan of each statement run under EXPLAIN ANALYZE and rolled back, all planned on
 * tables without statistics, then all again after ANALYZE (`stats` names which, for messages;
 * `index` which statement): plans must hold either way.
 */
export async function eachPlan(
  client: pg.Client,
  statements: readonly Statement[],
  check: (plan: PlanNode, stats: string, index: number) => void,
): Promise<void> {
  for (const stats of ['without statistics', 'after ANALYZE']) {
    if (stats === 'after ANALYZE') await client.query('ANALYZE');
    for (const [index, [sql, params]] of statements.entries()) {
      await client.query('BEGIN');
      const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
        [...params],
      );
      await client.query('ROLLBACK');
      check(rows[0]!['QUERY PLAN'][0]!.Plan, stats, index);
    }
  }
}

/** The sum over the scans of `relation` under `node` of `count` (a scan node's figure, per loop or not). */
function sumOver(node: PlanNode, relation: string, count: (scan: PlanNode) => number): number {
  const own = node['Relation Name'] === relation ? count(node) : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + sumOver(child, relation, count), 0);
}

/** The rows of `relation` the scans under `node` answered. */
export const rowsOf = (node: PlanNode, relation: string): number =>
  sumOver(node, relation, (s) => (s['Actual Rows'] ?? 0) * (s['Actual Loops'] ?? 1));

/** The rows of `relation` the scans under `node` read: those they answered and those they filtered out. */
export const rowsRead = (node: PlanNode, relation: string): number =>
  sumOver(
    node,
    relation,
    (s) => ((s['Actual Rows'] ?? 0) + (s['Rows Removed by Filter'] ?? 0)) * (s['Actual Loops'] ?? 1),
  );

/** How many times the scans of `relation` under `node` ran. */
export const scansOf = (node: PlanNode, relation: string): number =>
  sumOver(node, relation, (s) => s['Actual Loops'] ?? 0);
