import type { Migration } from '../migration.js';

/*
 * Due runs (retries, redeliveries) shared per collection (docs/engine.md, "Fairness"): a run row
 * names its job's collection, and `runs_due_by_collection` finds each collection's earliest due
 * runs with one seek, as `jobs_due_by_collection` does for jobs. `runs_by_owner` goes: only the
 * graceful shutdown's lease release read it (once per stop, a walk over `runs` instead), while every
 * claim and retry paid for its entries — so `runs` keeps as many indexes as before. A job's
 * collection never changes, so the copy cannot go stale.
 */
export const m010RunCollection: Migration = {
  version: 10,
  name: 'run-collection',
  sql: `ALTER TABLE runs ADD COLUMN collection_id bigint;
UPDATE runs SET collection_id = j.collection_id FROM jobs j WHERE j.id = runs.job_id;
ALTER TABLE runs ALTER COLUMN collection_id SET NOT NULL;
CREATE INDEX runs_due_by_collection ON runs (collection_id, wake_at);
DROP INDEX runs_by_owner;`,
};
