// The SQLite file of the store-alone benchmarks (bench:store-sqlite, bench:wal-frames): N copies of
// one template job, spread over the collections c0…, all due a second ago.
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/open-store.js';
import { benchCollection, seedTemplate, SUB } from './store-seed.js';

/**
 * The collections c0…, one template job through the store, then `jobs` copies due a second ago;
 * `idle` more collections after them, without jobs; and, with `suspendedJobs`, a suspended
 * collection `held` holding that many copies due an hour ago (whose jobs never run while it is
 * suspended: docs/engine.md, "Suspended collections"); with `suspendedRuns`, that many of those jobs
 * (at least as many are seeded) also have an occurrence in progress, a retry due an hour ago, which
 * waits while the collection is suspended.
 */
export async function seedSqliteJobs(
  path: string,
  jobs: number,
  collections: number,
  now: number,
  idle = 0,
  suspendedJobs = 0,
  suspendedRuns = 0,
): Promise<void> {
  suspendedJobs = Math.max(suspendedJobs, suspendedRuns);
  const store = await openSqliteStore({ path, synchronous: 'normal' });
  await seedTemplate(store, collections, now, idle);
  if (suspendedJobs > 0) await store.createJobCollection(benchCollection('held', now));
  await store.close();
  const db = new Database(path);
  if (suspendedJobs > 0)
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO jobs (collection_id, name_key, name, definition, state, state_details, execution_count, failure_count,
                         faulted_count, anchor, series_started_at, series_count, repeat_count, next_due_at,
                         last_execution_time, last_outcome, finished_at, created_at, updated_at, version)
       SELECT (SELECT id FROM job_collections WHERE name = 'held'), 'h' || i, 'h' || i, t.definition, t.state,
              t.state_details, 0, 0, 0, t.anchor, t.series_started_at, 0, 0, t.anchor - 3600000, NULL, NULL, NULL,
              t.created_at, t.updated_at, 1
         FROM n JOIN jobs t ON t.name = 'template'`,
    ).run(suspendedJobs);
  if (suspendedRuns > 0)
    db.prepare(
      `INSERT INTO runs (id, job_id, collection_id, execution_tag, due_at, repeat_count, retry_count, action_name,
                         attempt_at, wake_at, lease_owner, lease_until, lease_token, action, series_started_at, is_final,
                         created_at)
       SELECT 'r' || j.id, j.id, j.collection_id, 'tag' || j.id, j.next_due_at, 0, 1, 'MainAction', j.next_due_at,
              j.next_due_at, NULL, NULL, 1, json_extract(j.definition, '$.action'), j.series_started_at, 1, j.created_at
         FROM jobs j WHERE j.collection_id = (SELECT id FROM job_collections WHERE name = 'held') ORDER BY j.id LIMIT ?`,
    ).run(suspendedRuns);
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?),
       cs AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM job_collections)
     INSERT INTO jobs (collection_id, name_key, name, definition, state, state_details, execution_count, failure_count,
                       faulted_count, anchor, series_started_at, series_count, repeat_count, next_due_at,
                       last_execution_time, last_outcome, finished_at, created_at, updated_at, version)
     SELECT cs.id, 'j' || i, 'j' || i, t.definition, t.state, t.state_details, 0, 0, 0, t.anchor,
            t.series_started_at, 0, 0, t.anchor, NULL, NULL, NULL, t.created_at, t.updated_at, 1
       FROM n JOIN cs ON cs.k = n.i % ? JOIN jobs t ON t.name = 'template'`,
  ).run(jobs, collections);
  db.close();
  if (suspendedJobs > 0) {
    // Suspended through the store, as the API does, once its jobs are there.
    const again = await openSqliteStore({ path, synchronous: 'normal' });
    const held = await again.getJobCollection({
      subscriptionId: SUB,
      cloudService: 'bench',
      collection: 'held',
    });
    if (!held) throw new Error('no collection held');
    await again.updateJobCollection({ ...held, suspended: true }, {});
    await again.close();
  }
}
