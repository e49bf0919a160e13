import type { Migration } from '../migration.js';

/*
 * The claim's per-collection share (docs/engine.md, "Fairness"): with a due backlog bigger than one
 * claim batch, the claim asks each collection for its earliest due time and its first due jobs —
 * one index seek per collection instead of a walk over the whole backlog.
 */
export const m005FairClaim: Migration = {
  version: 5,
  name: 'fair-claim',
  sql: `CREATE INDEX jobs_due_by_collection ON jobs (collection_id, next_due_at, id)
  WHERE state = 'enabled' AND next_due_at IS NOT NULL;`,
};
