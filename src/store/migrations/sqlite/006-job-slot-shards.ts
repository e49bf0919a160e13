import type { Migration } from '../migration.js';

/*
 * A collection's job count split over 16 rows (shards), each with its own cap — the same scheme as
 * on PostgreSQL, where it lets concurrent creates into one collection commit in parallel
 * (docs/store.md, "The job counter"); SQLite has one writer anyway and keeps it for one store
 * program. A job counts in shard `id % 16`. Every collection gets its 16 shards, backfilled from
 * the jobs present; the caps start at 0, so the first create of each collection splits the quota.
 * The single counter of 004 goes.
 */
export const m006JobSlotShards: Migration = {
  version: 6,
  name: 'job-slot-shards',
  sql: `CREATE TABLE job_collection_slots (
  collection_id INTEGER NOT NULL REFERENCES job_collections (id) ON DELETE CASCADE,
  shard         INTEGER NOT NULL,
  jobs          INTEGER NOT NULL,
  cap           INTEGER NOT NULL,
  split_max     INTEGER NOT NULL,
  PRIMARY KEY (collection_id, shard)
) WITHOUT ROWID;
WITH RECURSIVE k(shard) AS (SELECT 0 UNION ALL SELECT shard + 1 FROM k WHERE shard < 15)
INSERT INTO job_collection_slots (collection_id, shard, jobs, cap, split_max)
  SELECT c.id, k.shard, COALESCE(j.n, 0), 0, 0
    FROM job_collections c CROSS JOIN k
    LEFT JOIN (SELECT collection_id, id % 16 AS shard, COUNT(*) AS n FROM jobs GROUP BY collection_id, id % 16) j
      ON j.collection_id = c.id AND j.shard = k.shard;
ALTER TABLE job_collections DROP COLUMN job_count;`,
};
