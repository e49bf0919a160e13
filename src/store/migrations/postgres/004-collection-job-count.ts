import type { Migration } from '../migration.js';

/*
 * How many jobs a collection holds, kept by every write that inserts or deletes a job (store
 * verbs), so the quota check of a job create is one conditional UPDATE of the collection row
 * instead of counting the collection's jobs under a lock (docs/architecture.md, store).
 * Backfilled from the jobs present at upgrade (the migration runs in one transaction).
 */
export const m004CollectionJobCount: Migration = {
  version: 4,
  name: 'collection-job-count',
  sql: `ALTER TABLE job_collections ADD COLUMN job_count BIGINT NOT NULL DEFAULT 0;
UPDATE job_collections c SET job_count = j.n
  FROM (SELECT collection_id, COUNT(*) AS n FROM jobs GROUP BY collection_id) j
  WHERE j.collection_id = c.id;`,
};
