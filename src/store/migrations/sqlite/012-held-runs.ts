import type { Migration } from '../migration.js';

/*
 * A suspended collection's occurrences in progress (waiting retries, redeliveries) move out of the
 * due order's way too (docs/engine.md, "Suspended collections"), as its jobs did in migration 011:
 * they wait while it is suspended, and every poll and claim used to walk past them, one by one, in
 * `runs_by_wake` before any running collection's due run (20,000 of them made a claim of another
 * collection cost 2.5 times as much). `held` is set on every run of a collection by its suspension
 * and cleared by its resumption, in the same transaction as the collection's state and its jobs'
 * `held`; a run inserted while the collection is suspended is not held (the due runs' suspended
 * filter still keeps it waiting), so `held` never outlives the suspension. `runs_by_wake` is made
 * anew with `held` before the wake time in its key, so `held = FALSE` seeks past the held runs.
 */
export const m012HeldRuns: Migration = {
  version: 12,
  name: 'held-runs',
  sql: `ALTER TABLE runs ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
UPDATE runs SET held = 1 WHERE collection_id IN (SELECT id FROM job_collections WHERE suspended = 1);
DROP INDEX runs_by_wake;
CREATE INDEX runs_by_wake ON runs (held, wake_at);`,
};
