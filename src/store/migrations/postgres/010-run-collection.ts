import type { Migration } from '../migration.js';

/*
 * Due runs (retries, redeliveries) shared per collection (docs/engine.md, "Fairness"): a run row
 * names its job's collection, and `runs_due_by_collection` finds each collection's earliest due
 * runs with one seek, as `jobs_due_by_collection` does for jobs. `runs_by_owner` goes: only the
 * graceful shutdown's lease release read it (once per stop, a walk over `runs` instead), while every
 * claim and retry paid for its entries — so `runs` keeps as many indexes as before. A job's
 * collection never changes, so the copy cannot go stale. The column stays nullable: a node of the
 * previous version still running while another migrates inserts runs without it, and those are
 * still leased in due order (the shares seek by collection and top up from the due order): nodes
 * of the previous version keep claiming while the others are upgraded.
 */
export const m010RunCollection: Migration = {
  version: 10,
  name: 'run-collection',
  sql: `ALTER TABLE runs ADD COLUMN collection_id bigint;
UPDATE runs SET collection_id = j.collection_id FROM jobs j WHERE j.id = runs.job_id;
CREATE INDEX runs_due_by_collection ON runs (collection_id, wake_at);
DROP INDEX runs_by_owner;`,
};
