import type { Migration } from '../migration.js';

/*
 * A collection's job count split over 16 rows (shards), each with its own cap, so concurrent job
 * creates into one collection no longer queue on the collection row from the counter's UPDATE to
 * COMMIT (docs/store.md, "The job counter"). A job counts in shard `id % 16`. Every collection gets
 * its 16 shards, backfilled from the jobs present; the caps start at 0 (`split_max` 0), so the
 * first create of each collection splits the quota. The single counter of 004 goes. fillfactor
 * 50: the rows are updated in place (HOT) without index maintenance while their page has room.
 * `takt_job_slot_taken` fails the one-statement create (insertJobReserving) when the job's shard
 * had no room: SQLSTATE TKT01 rolls the statement back, and the store retries exactly.
 */
export const m006JobSlotShards: Migration = {
  version: 6,
  name: 'job-slot-shards',
  sql: `CREATE TABLE job_collection_slots (
  collection_id BIGINT NOT NULL REFERENCES job_collections (id) ON DELETE CASCADE,
  shard         INTEGER NOT NULL,
  jobs          BIGINT NOT NULL,
  cap           BIGINT NOT NULL,
  split_max     BIGINT NOT NULL,
  PRIMARY KEY (collection_id, shard)
) WITH (fillfactor = 50);
INSERT INTO job_collection_slots (collection_id, shard, jobs, cap, split_max)
  SELECT c.id, k.shard, COALESCE(j.n, 0), 0, 0
    FROM job_collections c CROSS JOIN generate_series(0, 15) AS k(shard)
    LEFT JOIN (SELECT collection_id, id % 16 AS shard, COUNT(*) AS n FROM jobs GROUP BY collection_id, id % 16) j
      ON j.collection_id = c.id AND j.shard = k.shard;
ALTER TABLE job_collections DROP COLUMN job_count;
CREATE OR REPLACE FUNCTION takt_job_slot_taken(reserved BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $fn$
BEGIN
  IF reserved = 0 THEN
    RAISE EXCEPTION 'job counter shard full: split needed' USING ERRCODE = 'TKT01';
  END IF;
  RETURN reserved;
END
$fn$;`,
};
