import { CLOUD_SERVICE_ID, collectionHeld, JC_COLUMNS } from './collections.js';

/** Jobs and their history (common SQL). */
const JOB_COLUMNS = `j.id AS job_pk, s.subscription_id, s.name AS cloud_service_name, c.name AS collection_name,
  j.name, j.definition, j.state, j.state_details, j.execution_count, j.failure_count, j.faulted_count,
  j.anchor, j.series_started_at, j.series_count, j.repeat_count, j.next_due_at, j.last_execution_time,
  j.last_outcome, j.finished_at, j.created_at, j.updated_at, j.version`;
/** A job's mutable columns, in the order insertJob ($6..$22), updateJob ($3..$19) and jobValues use them. */
export const JOB_VALUE_COLUMNS = [
  'definition',
  'state',
  'state_details',
  'execution_count',
  'failure_count',
  'faulted_count',
  'anchor',
  'series_started_at',
  'series_count',
  'repeat_count',
  'next_due_at',
  'last_execution_time',
  'last_outcome',
  'finished_at',
  'created_at',
  'updated_at',
  'version',
] as const;
/** A job's own columns, as selectCollectionAndJob returns them (prefixed `job_`). */
export const JOB_OWN_COLUMNS = ['name', ...JOB_VALUE_COLUMNS] as const;
const JOB_FROM = `FROM jobs j JOIN job_collections c ON c.id = j.collection_id JOIN cloud_services s ON s.id = c.cloud_service_id`;
/**
 * The row id of the collection keyed by $1 (subscription), $2 (cloud service) and $3 (collection),
 * as a scalar subquery: queries select by `c.id = (…)` or `j.collection_id = (…)` instead of joining
 * on the key columns. Why (docs/store.md, "Plans that hold without statistics"):
 * PostgreSQL keeps one plan per prepared statement and connection, made while a new database's
 * tables are empty and not yet analyzed (autovacuum analyzes them up to a minute after they fill).
 * Joined on the key columns, that plan looked a job up through the (collection_id, name_key) index
 * with name_key alone as its condition — every job of every collection compared per lookup, a
 * create costing PostgreSQL 450–850 µs of CPU, growing with the table, instead of ~250 µs.
 * A subquery is computed once (an InitPlan), so its value is an index condition whatever the
 * statistics say. SQLite evaluates it once as well.
 */
const COLLECTION_ID = `(SELECT c1.id FROM job_collections c1 WHERE c1.cloud_service_id = ${CLOUD_SERVICE_ID}
    AND c1.name_key = $3)`;
const IN_COLLECTION = `j.collection_id = ${COLLECTION_ID}`;

/**
 * The write's limits were checked against the collection at ETag `param` (NULL: not guarded): a
 * plan or quota change committed since makes it change nothing, and the caller reads again
 * (app/jobs/write-job.ts). A collection update that changes the limits checks the jobs in its own
 * transaction (verbs/collection-verbs.ts), so the two cannot both pass on old values.
 */
const LIMITS_UNCHANGED = (alias: string, param: string): string =>
  `(CAST(${param} AS TEXT) IS NULL OR ${alias}.etag = ${param})`;

/**
 * `lock`: PostgreSQL's `FOR KEY SHARE OF c` (pg-queries.ts): a limits change waits for the insert, or it for the change.
 * A job created in a suspended collection is held apart like the others (`held`, docs/engine.md "Suspended
 * collections"): the same lock orders the insert against a state write, which locks the row first, so the
 * insert reads the state that write committed and a resumption never misses the job.
 */
export const insertJobSql = (lock: string): string => `INSERT INTO jobs
      (collection_id, name_key, name, definition, state, state_details, execution_count, failure_count, faulted_count,
       anchor, series_started_at, series_count, repeat_count, next_due_at, last_execution_time, last_outcome,
       finished_at, created_at, updated_at, version, held)
    SELECT c.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
      ${collectionHeld('c')}
      FROM job_collections c WHERE c.id = ${COLLECTION_ID} AND ${LIMITS_UNCHANGED('c', '$23')} ${lock}
    ON CONFLICT (collection_id, name_key) DO NOTHING RETURNING id, collection_id`;
/** insertJob and the fast path of reserveJobSlot in one statement (JOB_QUERIES.insertJobReserving). */
export const insertJobReservingSql = (lock: string): string => `WITH ins AS (${insertJobSql(lock)}),
    slot AS (UPDATE job_collection_slots t SET jobs = t.jobs + 1 FROM ins
      WHERE t.collection_id = ins.collection_id AND t.shard = ins.id % ${SLOT_SHARDS} AND t.jobs < t.cap
        AND t.split_max = $24 RETURNING t.shard)
    SELECT ins.id, ins.collection_id, takt_job_slot_taken((SELECT COUNT(*) FROM slot)) AS reserved FROM ins`;
const SELECT_JOB_KEY = `SELECT j.id AS job_pk, j.version ${JOB_FROM} WHERE ${IN_COLLECTION} AND j.name_key = $4`;
/** Shards of a collection's job counter (migration 006, verbs/job-slots.ts). */
export const SLOT_SHARDS = 16;

export const JOB_QUERIES = {
  selectJob: `SELECT ${JOB_COLUMNS} ${JOB_FROM} WHERE ${IN_COLLECTION} AND j.name_key = $4`,
  /**
   * A collection (selectCollection's columns) and, if it holds it, one of its jobs (`job_pk`, and
   * the job's own columns prefixed `job_`): a PUT's two reads in one (verbs/job-verbs.ts).
   */
  selectCollectionAndJob: `SELECT ${JC_COLUMNS}, j.id AS job_pk, ${JOB_OWN_COLUMNS.map((n) => `j.${n} AS job_${n}`).join(', ')}
    FROM job_collections c JOIN cloud_services s ON s.id = c.cloud_service_id
      LEFT JOIN jobs j ON j.collection_id = c.id AND j.name_key = $4
    WHERE c.id = ${COLLECTION_ID}`,
  /** Internal id and version of a job, for guarded writes and history. */
  selectJobKey: SELECT_JOB_KEY,
  /** selectJobKey before a job update; PostgreSQL also shares its collection's key (pg-queries.ts). */
  selectJobKeyForUpdate: SELECT_JOB_KEY,
  /**
   * For a delete. PostgreSQL shares the collection row's key lock (FOR KEY SHARE OF c): a collection
   * delete, which cascades to the jobs and their counter shards, waits or is waited for (lock order).
   */
  findJobKey: `SELECT j.id AS job_pk, j.collection_id ${JOB_FROM} WHERE ${IN_COLLECTION} AND j.name_key = $4`,
  /** Ordered by the lower-cased id (ordinal: the column collates "C" on PostgreSQL, BINARY on SQLite). */
  selectJobs: `SELECT ${JOB_COLUMNS} ${JOB_FROM} WHERE ${IN_COLLECTION} AND (CAST($4 AS TEXT) IS NULL OR j.state = $4)
    ORDER BY j.name_key LIMIT $5 OFFSET $6`,
  /** The maintained counter (migration 006: the sum of the collection's shards), not a count of the rows. */
  countJobsByRef: `SELECT COALESCE(SUM(slot.jobs), 0) AS n FROM job_collection_slots slot
    WHERE slot.collection_id = ${COLLECTION_ID}`,
  /** After an insert that added nothing: does the collection exist ('exists') or not ('missing')? */
  selectCollectionId: `SELECT c.id AS jc_id FROM job_collections c WHERE c.id = ${COLLECTION_ID}`,
  /**
   * The quota check and the reservation of a slot in one statement, on ONE shard ($2) of collection
   * $1: changes no row when that shard is full or its caps were split for another maximum ($3) —
   * then the caller takes the slow path (lockJobSlots). Locks only that shard row until COMMIT.
   */
  reserveJobSlot: `UPDATE job_collection_slots SET jobs = jobs + 1
    WHERE collection_id = $1 AND shard = $2 AND jobs < cap AND split_max = $3`,
  /** $3 is the change: -n after deleting n jobs of shard $2 (or +1 to undo a release that deleted nothing). */
  adjustJobSlot: `UPDATE job_collection_slots SET jobs = jobs + $3 WHERE collection_id = $1 AND shard = $2`,
  /** The shards 0..$2-1 of collection $1 that do not exist yet, empty, caps unsplit. */
  ensureJobSlots: `WITH RECURSIVE k(shard) AS (SELECT 0 UNION ALL SELECT shard + 1 FROM k WHERE shard + 1 < $2)
    INSERT INTO job_collection_slots (collection_id, shard, jobs, cap, split_max)
    SELECT CAST($1 AS BIGINT), shard, 0, 0, 0 FROM k WHERE true ON CONFLICT (collection_id, shard) DO NOTHING`,
  /** All shards of a collection, in shard order (PostgreSQL locks them, in that order). */
  lockJobSlots: `SELECT shard, jobs, cap, split_max FROM job_collection_slots WHERE collection_id = $1 ORDER BY shard`,
  /**
   * A new split of collection $1's shards (all locked by lockJobSlots) for the maximum $2, with $3
   * free slots (the maximum less the jobs counted), shard $4 taking one of them: each shard may hold
   * its jobs plus an even part of the free room, the remainder one each from shard $4 on. The caps
   * add up to the maximum and none is below its shard's jobs (verbs/job-slots.ts, the invariant).
   * SET reads the row as it was, so `cap` is computed from the jobs before the slot is taken.
   */
  splitJobSlots: `UPDATE job_collection_slots SET
      cap = jobs + CAST($3 AS BIGINT) / ${SLOT_SHARDS}
        + CASE WHEN (shard - CAST($4 AS BIGINT) + ${SLOT_SHARDS}) % ${SLOT_SHARDS} < CAST($3 AS BIGINT) % ${SLOT_SHARDS} THEN 1 ELSE 0 END,
      split_max = $2,
      jobs = jobs + CASE WHEN shard = CAST($4 AS BIGINT) THEN 1 ELSE 0 END
    WHERE collection_id = $1`,
  /**
   * Finds the collection ($1..$3) and inserts into it in one statement (one round trip less on
   * PostgreSQL). No row back: the collection is missing or the id is taken (ON CONFLICT DO NOTHING:
   * a concurrent create of the same id waits for the first, then inserts nothing).
   */
  insertJob: insertJobSql(''),
  /**
   * PostgreSQL only (a data-modifying WITH; SQLite runs insertJob's steps): insertJob and the fast
   * path of reserveJobSlot ($24 the maximum) in ONE statement, so a create needs no BEGIN/COMMIT
   * round trips and holds its shard row only while the statement commits. No shard room:
   * takt_job_slot_taken raises TKT01 and the whole statement (the insert too) is rolled back.
   * No row back: the collection is missing or the id is taken, as insertJob.
   */
  insertJobReserving: insertJobReservingSql(''),
  /** Optimistic: changes nothing unless the stored version is still $2. */
  updateJob: `UPDATE jobs SET definition = $3, state = $4, state_details = $5, execution_count = $6,
      failure_count = $7, faulted_count = $8, anchor = $9, series_started_at = $10, series_count = $11,
      repeat_count = $12, next_due_at = $13, last_execution_time = $14, last_outcome = $15, finished_at = $16,
      created_at = $17, updated_at = $18, version = $19
    WHERE id = $1 AND version = $2
      AND (CAST($20 AS TEXT) IS NULL
        OR EXISTS (SELECT 1 FROM job_collections c WHERE c.id = jobs.collection_id AND c.etag = $20))`,
  /**
   * A disabled job retries nothing: its waiting main-action retries go. An attempt that an engine
   * holds right now (leased) finishes, and recordOutcomes then schedules no retry after it. A
   * faulted occurrence's error action (waiting or retrying) stays: the fault is already counted.
   */
  cancelWaitingRuns: `DELETE FROM runs WHERE job_id = $1 AND lease_owner IS NULL AND action_name = 'MainAction'`,
  /**
   * The latest occurrence of the job's series $5 still running its main action (an attempt or a
   * waiting retry): a write that leaves nothing more to run makes it the final one (job-lifecycle.ts).
   */
  selectPendingRun: `SELECT r.id FROM runs r JOIN jobs j ON j.id = r.job_id
    WHERE ${IN_COLLECTION} AND j.name_key = $4 AND r.series_started_at = $5 AND r.action_name = 'MainAction'
    ORDER BY r.repeat_count DESC, r.due_at DESC LIMIT 1`,
  /** No row when that occurrence's main action ended meanwhile: the write reads again. */
  markRunFinal: `UPDATE runs SET is_final = $2 WHERE id = $1 AND action_name = 'MainAction'`,
  /** History and runs go with it (cascade, docs/store.md); the caller adjusts the job's counter shard. */
  deleteJob: `DELETE FROM jobs WHERE id = $1`,

  insertHistory: `INSERT INTO history
      (job_id, timestamp, start_time, end_time, expected_execution_time, state, status, message, retry_count,
       repeat_count, action_name, execution_tag)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
  /**
   * Newest first; ties by recording order (seq). $9: the position of the oldest entry still
   * retained, from the newest (0-based; NULL: every entry), so a list never shows entries the count
   * rule has yet to trim (docs/engine.md, "Retention"). That edge is read by the same statement —
   * one snapshot: read apart (PostgreSQL runs a read's statements on any pooled connection), an
   * entry recorded in between was listed on top of the retained ones. Uncorrelated, the row
   * comparison's subquery is computed once (an InitPlan; SQLite likewise); no edge row (fewer
   * entries, or $9 NULL) compares as NULL: every entry.
   */
  selectHistory: `SELECT s.subscription_id, s.name AS cloud_service_name, c.name AS collection_name, j.name AS job_name,
      h.seq, h.timestamp, h.start_time, h.end_time, h.expected_execution_time, h.state, h.status, h.message,
      h.retry_count, h.repeat_count, h.action_name, h.execution_tag
    FROM history h JOIN jobs j ON j.id = h.job_id JOIN job_collections c ON c.id = j.collection_id
      JOIN cloud_services s ON s.id = c.cloud_service_id
    WHERE ${IN_COLLECTION} AND j.name_key = $4
      AND (CAST($5 AS TEXT) IS NULL OR h.status = $5) AND (CAST($6 AS TEXT) IS NULL OR h.state = $6)
      AND COALESCE((h.timestamp, h.seq) >= (SELECT e.timestamp, e.seq FROM history e JOIN jobs ej ON ej.id = e.job_id
        WHERE ej.collection_id = ${COLLECTION_ID} AND ej.name_key = $4 AND CAST($9 AS BIGINT) IS NOT NULL
        ORDER BY e.timestamp DESC, e.seq DESC LIMIT 1 OFFSET COALESCE(CAST($9 AS BIGINT), 0)), TRUE)
    ORDER BY h.timestamp DESC, h.seq DESC LIMIT $7 OFFSET $8`,
} as const;
