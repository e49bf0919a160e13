import type { Migration } from '../migration.js';

/*
 * A suspended collection's jobs move out of the due order's way (docs/engine.md, "Suspended
 * collections"): they keep their due times (leaving `Suspended` runs what fell due, as after
 * downtime), and every poll and claim used to walk past them, one by one, before any running
 * collection's work. `held` is set on every job of a collection by its suspension and cleared by
 * its resumption, in the same transaction as the collection's state; a job created in a suspended
 * collection is not held (the claim's `c.suspended` filter keeps it from running), so `held` never
 * outlives the suspension. Both due indexes are made anew with `held` before the due time in their
 * key: the queries (`held = FALSE`) seek to the range of the jobs not held and never read the
 * others. As a key column, not a predicate term, it keeps SQLite's per-collection seek covered by
 * the index. A node of the previous version, whose queries do not name `held`, cannot walk
 * the new indexes in due order: it stays correct but slow until it is stopped
 * (docs/operations.md, "Upgrades").
 */
export const m011HeldJobs: Migration = {
  version: 11,
  name: 'held-jobs',
  sql: `ALTER TABLE jobs ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE jobs SET held = TRUE WHERE collection_id IN (SELECT id FROM job_collections WHERE suspended);
DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (held, next_due_at) WHERE state = 'enabled' AND next_due_at IS NOT NULL;
DROP INDEX jobs_due_by_collection;
CREATE INDEX jobs_due_by_collection ON jobs (collection_id, held, next_due_at, id)
  WHERE state = 'enabled' AND next_due_at IS NOT NULL;`,
};
