import type { Migration } from '../migration.js';

/*
 * How many jobs a collection holds, kept by every write that inserts or deletes a job (store
 * verbs), so the quota check of a job create reads one row instead of counting the collection's
 * jobs (docs/architecture.md, store). Backfilled from the jobs present at upgrade.
 */
export const m004CollectionJobCount: Migration = {
  version: 4,
  name: 'collection-job-count',
  sql: `ALTER TABLE job_collections ADD COLUMN job_count INTEGER NOT NULL DEFAULT 0;
UPDATE job_collections SET job_count = (SELECT COUNT(*) FROM jobs WHERE jobs.collection_id = job_collections.id);`,
};
