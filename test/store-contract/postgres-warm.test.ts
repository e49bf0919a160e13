/**
 * The PostgreSQL store warms its connections when it opens (src/store/postgres/pg-warm.ts,
 * docs/engine.md "The claim on PostgreSQL"): the engine's first claim and first outcome batch
 * after a start find their statements already prepared, instead of paying a parse and a plan on
 * the path of the first execution.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../../src/domain/occurrence.js';
import { decideOutcome } from '../../src/domain/occurrence-outcome.js';
import { postgresOnly } from './backends.js';
import { job, seedCollection, T0 } from './fixtures.js';

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

let seq = 0;
const hex = (): string => (++seq).toString(16).padStart(32, '0');
const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, hex());
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
    await store.recordOutcomes(
      claimed.map((run) => ({
        runId: run.runId,
        leaseToken: run.leaseToken,
        decision: decideOutcome(run, { ok: true, endedAt: DUE + 10 }),
        attempt: {
          startedAt: DUE,
          endedAt: DUE + 10,
          message: 'ok',
          retryCount: 0,
          actionName: 'MainAction',
        },
        recordedAt: DUE + 10,
      })),
    );
    assert.deepEqual(unprepared, []);
  });
});
