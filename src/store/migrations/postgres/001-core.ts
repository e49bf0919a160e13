import type { Migration } from '../migration.js';

/*
 * Core tables (PostgreSQL). Times are BIGINT epoch ms. `name_key` holds the lower-case name and
 * collates "C", so lookups and ordering are ordinal (byte order, as SQLite's BINARY) whatever the
 * database's locale. Definitions and quotas are TEXT, not JSONB, so they round-trip byte for byte.
 */
export const m001Core: Migration = {
  version: 1,
  name: 'core',
  sql: `
CREATE TABLE subscriptions (
  id          TEXT COLLATE "C" PRIMARY KEY,
  enabled     BOOLEAN NOT NULL,
  registered  BOOLEAN NOT NULL,
  created_at  BIGINT NOT NULL
);

CREATE TABLE certificates (
  thumbprint  TEXT COLLATE "C" PRIMARY KEY,
  subject     TEXT NOT NULL,
  not_before  BIGINT NOT NULL,
  not_after   BIGINT NOT NULL,
  added_at    BIGINT NOT NULL
);

CREATE TABLE certificate_subscriptions (
  thumbprint      TEXT COLLATE "C" NOT NULL REFERENCES certificates (thumbprint) ON DELETE CASCADE,
  subscription_id TEXT COLLATE "C" NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  PRIMARY KEY (thumbprint, subscription_id)
);
CREATE INDEX certificate_subscriptions_by_subscription ON certificate_subscriptions (subscription_id, thumbprint);

CREATE TABLE api_tokens (
  id              TEXT COLLATE "C" PRIMARY KEY,
  subscription_id TEXT COLLATE "C" NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  hash            TEXT NOT NULL UNIQUE,
  label           TEXT,
  created_at      BIGINT NOT NULL,
  revoked_at      BIGINT
);
CREATE INDEX api_tokens_by_subscription ON api_tokens (subscription_id, created_at, id);

CREATE TABLE cloud_services (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id TEXT COLLATE "C" NOT NULL REFERENCES subscriptions (id),
  name_key        TEXT COLLATE "C" NOT NULL,
  name            TEXT NOT NULL,
  label           TEXT NOT NULL,
  description     TEXT NOT NULL,
  geo_region      TEXT NOT NULL,
  email           TEXT,
  etag            TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  UNIQUE (subscription_id, name_key)
);

-- No cascade from cloud services: deleting one that still has collections is refused ('not-empty').
CREATE TABLE job_collections (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cloud_service_id BIGINT NOT NULL REFERENCES cloud_services (id),
  subscription_id  TEXT COLLATE "C" NOT NULL,
  name_key         TEXT COLLATE "C" NOT NULL,
  name             TEXT NOT NULL,
  plan             TEXT NOT NULL,
  quota            TEXT NOT NULL,
  label            TEXT,
  schema_version   TEXT NOT NULL,
  etag             TEXT NOT NULL,
  last_operation   TEXT NOT NULL,
  suspended        BOOLEAN NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  UNIQUE (cloud_service_id, name_key)
);
CREATE INDEX job_collections_by_plan ON job_collections (subscription_id, plan);

CREATE TABLE jobs (
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection_id       BIGINT NOT NULL REFERENCES job_collections (id) ON DELETE CASCADE,
  name_key            TEXT COLLATE "C" NOT NULL,
  name                TEXT NOT NULL,
  definition          TEXT NOT NULL,
  state               TEXT NOT NULL,
  state_details       TEXT,
  execution_count     BIGINT NOT NULL,
  failure_count       BIGINT NOT NULL,
  faulted_count       BIGINT NOT NULL,
  anchor              BIGINT NOT NULL,
  series_started_at   BIGINT NOT NULL,
  series_count        BIGINT NOT NULL,
  repeat_count        BIGINT NOT NULL,
  next_due_at         BIGINT,
  last_execution_time BIGINT,
  last_outcome        TEXT,
  finished_at         BIGINT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  version             BIGINT NOT NULL,
  UNIQUE (collection_id, name_key)
);

CREATE TABLE history (
  seq                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id                  BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  timestamp               BIGINT NOT NULL,
  start_time              BIGINT NOT NULL,
  end_time                BIGINT NOT NULL,
  expected_execution_time BIGINT NOT NULL,
  state                   TEXT NOT NULL,
  status                  TEXT NOT NULL,
  message                 TEXT NOT NULL,
  retry_count             INTEGER NOT NULL,
  repeat_count            BIGINT NOT NULL,
  action_name             TEXT NOT NULL,
  execution_tag           TEXT NOT NULL
);
CREATE INDEX history_by_job ON history (job_id, timestamp DESC, seq DESC);

-- Operation records reference nothing: they are pruned by age.
CREATE TABLE operations (
  subscription_id  TEXT COLLATE "C" NOT NULL,
  id               TEXT COLLATE "C" NOT NULL,
  status           TEXT NOT NULL,
  http_status_code INTEGER,
  error_code       TEXT,
  error_message    TEXT,
  created_at       BIGINT NOT NULL,
  completes_at     BIGINT NOT NULL,
  PRIMARY KEY (subscription_id, id)
);
CREATE INDEX operations_by_created ON operations (created_at);
`,
};
