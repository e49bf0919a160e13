import type { Migration } from '../migration.js';

/*
 * The execution engine (PostgreSQL). `runs`: one row per occurrence in progress (docs/engine.md).
 * `wake_at` = `attempt_at` while the row is free, `lease_until` while an engine holds it, so a
 * single index finds both due attempts and expired leases. `lease_token` grows with every claim
 * and fences outcomes: a node whose lease was taken over cannot record over the new holder.
 */
export const m002Engine: Migration = {
  version: 2,
  name: 'engine',
  sql: `
CREATE TABLE runs (
  id                TEXT COLLATE "C" PRIMARY KEY,
  job_id            BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  execution_tag     TEXT NOT NULL,
  due_at            BIGINT NOT NULL,
  repeat_count      BIGINT NOT NULL,
  retry_count       INTEGER NOT NULL,
  action_name       TEXT NOT NULL,
  attempt_at        BIGINT NOT NULL,
  wake_at           BIGINT NOT NULL,
  lease_owner       TEXT,
  lease_until       BIGINT,
  lease_token       BIGINT NOT NULL,
  action            TEXT NOT NULL,
  series_started_at BIGINT NOT NULL,
  is_final          BOOLEAN NOT NULL,
  created_at        BIGINT NOT NULL
);
CREATE INDEX runs_by_wake ON runs (wake_at);
CREATE INDEX runs_by_job ON runs (job_id);
CREATE INDEX runs_by_owner ON runs (lease_owner) WHERE lease_owner IS NOT NULL;

CREATE INDEX jobs_due ON jobs (next_due_at) WHERE state = 'enabled' AND next_due_at IS NOT NULL;
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
`,
};
