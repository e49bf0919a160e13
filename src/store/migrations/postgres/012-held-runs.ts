import type { Migration } from '../migration.js';

/*
 * A suspended collection's occurrences in progress (waiting retries, redeliveries) move out of the
 * due order's way too (docs/engine.md, "Suspended collections"), as its jobs did in migration 011:
 * they wait while it is suspended, and every poll and claim used to walk past them, one by one, in
 * `runs_by_wake` before any running collection's due run. `held` is set on every run of a
 * collection by its suspension and cleared by its resumption, in the same transaction as the
 * collection's state and its jobs' `held`; a run inserted while the collection is suspended (a
 * claim that read the collection before the suspension committed) is not held (the due runs'
 * suspended filter still keeps it waiting), so `held` never outlives the suspension. `runs_by_wake`
 * is made anew with `held` before the wake time in its key, so `held = FALSE` seeks past the held
 * runs. As with migration 011, a node of the previous version still running walks the new index
 * without its first column: correct but slow until it is stopped (docs/operations.md, "Upgrades").
 */
export const m012HeldRuns: Migration = {
  version: 12,
  name: 'held-runs',
  sql: `ALTER TABLE runs ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE runs SET held = TRUE WHERE collection_id IN (SELECT id FROM job_collections WHERE suspended);
DROP INDEX runs_by_wake;
CREATE INDEX runs_by_wake ON runs (held, wake_at);`,
};
