/**
 * The PostgreSQL store warms its connections when it opens (src/store/postgres/pg-warm.ts,
 * docs/engine.md "The claim on PostgreSQL"): the engine's first claim and first outcome batch
 * after a start find their statements already prepared, instead of paying a parse and a plan on
 * the path of the first execution.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { postgresOnly } from './backends.js';
import { job, planning, seedCollection, succeeded, T0 } from './fixtures.js';

/** Named statements sent on a connection that had not prepared them yet (pg parses them first). */
const unprepared: string[] = [];
const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
  const config = args[0] as { name?: string } | string;
  const connection: unknown = Reflect.get(this, 'connection');
  const parsed = Reflect.get(connection as object, 'parsedStatements') as Record<string, unknown>;
  if (typeof config === 'object' && config.name !== undefined && !(config.name in parsed))
    unprepared.push(config.name);
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
after(() => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
});

const { hex, planner } = planning();
const DUE = T0 + 60_000;

postgresOnly((open) => {
  test('postgres: the first claim and the first outcome batch after the store opens send only statements its connections prepared when it opened', async () => {
    const seeded = await open();
    await seedCollection(seeded);
    for (const id of ['a', 'b']) await seeded.insertJob(job(id), { maxJobs: 50 });
    // A second store on the same database: a node starting while jobs are due.
    const store = await open({ sameAs: seeded });
    unprepared.length = 0;
    const claimed = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 60_000 }, planner, hex);
    assert.equal(claimed.length, 2);
    await store.recordOutcomes(claimed.map((run) => succeeded(run, DUE)));
    assert.deepEqual(unprepared, []);
  });
});
