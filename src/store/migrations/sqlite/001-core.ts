import type { Migration } from '../migration.js';

/*
 * Core tables (SQLite). Times are INTEGER epoch ms; booleans 0/1. `name_key` holds the lower-case
 * name (lookups and ordering, BINARY = ordinal); `name` keeps the creation casing.
 * Internal ids that other rows (and the engine's leases) point at use AUTOINCREMENT so a deleted
 * job's id is never handed to a new job; history uses the plain rowid (cheaper inserts): its
 * `seq` only orders entries of one job, and new rows always get a larger one.
 */
export const m001Core: Migration = {
  version: 1,
  name: 'core',
  sql: `
CREATE TABLE subscriptions (
  id          TEXT PRIMARY KEY,
  enabled     INTEGER NOT NULL,
  registered  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE certificates (
  thumbprint  TEXT PRIMARY KEY,
  subject     TEXT NOT NULL,
  not_before  INTEGER NOT NULL,
  not_after   INTEGER NOT NULL,
  added_at    INTEGER NOT NULL
);

CREATE TABLE certificate_subscriptions (
  thumbprint      TEXT NOT NULL REFERENCES certificates (thumbprint) ON DELETE CASCADE,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  PRIMARY KEY (thumbprint, subscription_id)
);
CREATE INDEX certificate_subscriptions_by_subscription ON certificate_subscriptions (subscription_id, thumbprint);

CREATE TABLE api_tokens (
  id              TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  hash            TEXT NOT NULL UNIQUE,
  label           TEXT,
  created_at      INTEGER NOT NULL,
  revoked_at      INTEGER
);
CREATE INDEX api_tokens_by_subscription ON api_tokens (subscription_id, created_at, id);

CREATE TABLE cloud_services (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
  name_key        TEXT NOT NULL,
  name            TEXT NOT NULL,
  label           TEXT NOT NULL,
  description     TEXT NOT NULL,
  geo_region      TEXT NOT NULL,
  email           TEXT,
  etag            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (subscription_id, name_key)
);

-- No cascade from cloud services: deleting one that still has collections is refused ('not-empty').
CREATE TABLE job_collections (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  cloud_service_id INTEGER NOT NULL REFERENCES cloud_services (id),
  subscription_id  TEXT NOT NULL,
  name_key         TEXT NOT NULL,
  name             TEXT NOT NULL,
  plan             TEXT NOT NULL,
  quota            TEXT NOT NULL,
  label            TEXT,
  schema_version   TEXT NOT NULL,
  etag             TEXT NOT NULL,
  last_operation   TEXT NOT NULL,
  suspended        INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  UNIQUE (cloud_service_id, name_key)
);
CREATE INDEX job_collections_by_plan ON job_collections (subscription_id, plan);

CREATE TABLE jobs (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  collection_id       INTEGER NOT NULL REFERENCES job_collections (id) ON DELETE CASCADE,
  name_key            TEXT NOT NULL,
  name                TEXT NOT NULL,
  definition          TEXT NOT NULL,
  state               TEXT NOT NULL,
  state_details       TEXT,
  execution_count     INTEGER NOT NULL,
  failure_count       INTEGER NOT NULL,
  faulted_count       INTEGER NOT NULL,
  anchor              INTEGER NOT NULL,
  series_started_at   INTEGER NOT NULL,
  series_count        INTEGER NOT NULL,
  repeat_count        INTEGER NOT NULL,
  next_due_at         INTEGER,
  last_execution_time INTEGER,
  last_outcome        TEXT,
  finished_at         INTEGER,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  version             INTEGER NOT NULL,
  UNIQUE (collection_id, name_key)
);

CREATE TABLE history (
  seq                     INTEGER PRIMARY KEY,
  job_id                  INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  timestamp               INTEGER NOT NULL,
  start_time              INTEGER NOT NULL,
  end_time                INTEGER NOT NULL,
  expected_execution_time INTEGER NOT NULL,
  state                   TEXT NOT NULL,
  status                  TEXT NOT NULL,
  message                 TEXT NOT NULL,
  retry_count             INTEGER NOT NULL,
  repeat_count            INTEGER NOT NULL,
  action_name             TEXT NOT NULL,
  execution_tag           TEXT NOT NULL
);
CREATE INDEX history_by_job ON history (job_id, timestamp DESC, seq DESC);

-- Operation records outlive nothing and reference nothing: they are pruned by age.
CREATE TABLE operations (
  subscription_id  TEXT NOT NULL,
  id               TEXT NOT NULL,
  status           TEXT NOT NULL,
  http_status_code INTEGER,
  error_code       TEXT,
  error_message    TEXT,
  created_at       INTEGER NOT NULL,
  completes_at     INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, id)
);
CREATE INDEX operations_by_created ON operations (created_at);
`,
};
