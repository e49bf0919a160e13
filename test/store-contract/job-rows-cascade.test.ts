import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend, locationOf, postgresOnly } from './backends.js';
import { historyEntry, job, jobRef, planning, seedCollection, SUB, T0 } from './fixtures.js';
import { underneath } from './underneath.js';

/**
 * A job's runs and history go with it, however it goes (docs/store.md, "The engine's rows without
 * key checks"): on PostgreSQL a row trigger does what the foreign keys' cascade did; counted here
 * underneath the store, where an orphan row would show (the store's own reads join the job).
 */

const { hex, planner } = planning();
const DUE = T0 + 60_000;

/** Jobs a, b and c, each with a history entry and a leased run. */
async function seed(store: Store): Promise<void> {
  await seedCollection(store);
  for (const id of ['a', 'b', 'c']) await store.insertJob(job(id), { maxJobs: 50 });
  await store.appendHistory(['a', 'b', 'c'].map((id) => historyEntry(jobRef(id))));
  const claimed = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
  assert.equal(claimed.length, 3);
}

interface Count {
  readonly name: string;
  readonly runs: number;
  readonly history: number;
}

/** Per job name still in `jobs`, and for job ids no longer there ('(gone)'), its runs and history rows. */
async function rows(store: Store): Promise<Count[]> {
  const found = await underneath<{ name: string | null; runs: number | string; history: number | string }>(
    locationOf(store),
    `SELECT j.name AS name, (SELECT COUNT(*) FROM runs r WHERE r.job_id = k.id) AS runs,
       (SELECT COUNT(*) FROM history h WHERE h.job_id = k.id) AS history
     FROM (SELECT job_id AS id FROM runs UNION SELECT job_id FROM history) k LEFT JOIN jobs j ON j.id = k.id
     ORDER BY j.name`,
  );
  return found.map((r) => ({ name: r.name ?? '(gone)', runs: Number(r.runs), history: Number(r.history) }));
}

forEachBackend((_name, open) => {
  test('deleting a job takes its runs and history, and only its own', async () => {
    const store = await open();
    await seed(store);
    assert.equal(await store.deleteJob(jobRef('b')), true);
    assert.deepEqual(await rows(store), [
      { name: 'a', runs: 1, history: 1 },
      { name: 'c', runs: 1, history: 1 },
    ]);
  });

  test('deleting the cloud service takes every job’s runs and history (collection cascade)', async () => {
    const store = await open();
    await seed(store);
    assert.equal(await store.deleteCloudService(SUB, 'cs-west'), true);
    assert.deepEqual(await rows(store), []);
  });
});

postgresOnly((open) => {
  test('an operator’s DELETE from another search_path still takes the job’s rows in its schema', async () => {
    const store = await open();
    await seed(store);
    const loc = locationOf(store);
    assert.equal(loc.kind, 'postgres');
    if (loc.kind !== 'postgres') return;
    const client = new pg.Client({ connectionString: loc.url });
    await client.connect();
    try {
      await client.query('SET search_path TO public');
      const done = await client.query(`DELETE FROM "${loc.schema}".jobs WHERE name_key = 'a'`);
      assert.equal(done.rowCount, 1);
    } finally {
      await client.end();
    }
    assert.deepEqual(await rows(store), [
      { name: 'b', runs: 1, history: 1 },
      { name: 'c', runs: 1, history: 1 },
    ]);
  });
});
