/**
 * The execution engine's queries (common SQL). `runs` holds one row per occurrence in progress;
 * `wake_at` is when a row next needs attention: its attempt time while free, its lease expiry while
 * leased, so one index answers "what is due" for both new attempts and redeliveries.
 *
 * Lists of ids travel as one JSON array parameter (SQLite `json_each`, PostgreSQL
 * `jsonb_array_elements_text`, see ENGINE_POSTGRES_QUERIES) so a batch is one statement.
 */
import { collectionRunning } from './collections.js';
import { ENGINE_BULK_POSTGRES_QUERIES, ENGINE_BULK_QUERIES, POSTGRES_ONLY } from './engine-bulk.js';
import { JOB_COLUMNS, JOIN_PARENTS, RUN_COLUMNS, RUN_NOT_SUSPENDED, dueOrderFrom } from './engine-columns.js';
import { CLAIM_START_POSTGRES } from './engine-claim-start.js';
import { ENGINE_FAIR_POSTGRES_QUERIES, ENGINE_FAIR_QUERIES } from './engine-fair.js';
import { RUN_SHARES_POSTGRES_QUERIES, RUN_SHARES_QUERIES } from './engine-run-shares.js';

const SELECT_DUE_RUNS = `SELECT ${RUN_COLUMNS} FROM runs r JOIN jobs j ON j.id = r.job_id ${JOIN_PARENTS}
    WHERE r.held = FALSE AND r.wake_at <= $1 AND ${collectionRunning('c')} ORDER BY r.wake_at LIMIT $2`;
/** The first due jobs in due order, with their full rows (the plan: dueOrderFrom). */
const selectDueJobs = (sqlite: boolean): string => `SELECT ${JOB_COLUMNS}
    FROM ${dueOrderFrom(sqlite, true)}
    WHERE j.state = 'enabled' AND j.held = FALSE AND j.next_due_at <= $1 AND ${collectionRunning('c', '$2')}
    ORDER BY j.next_due_at LIMIT $3`;

export const ENGINE_QUERIES = {
  ...ENGINE_BULK_QUERIES,
  claimStart: POSTGRES_ONLY,
  claimPlan: POSTGRES_ONLY,
  ...ENGINE_FAIR_QUERIES,
  ...RUN_SHARES_QUERIES,
  peekJobsDue: `SELECT j.next_due_at AS t FROM jobs j JOIN job_collections c ON c.id = j.collection_id
    WHERE j.state = 'enabled' AND j.held = FALSE AND j.next_due_at <= $1 AND ${collectionRunning('c', '$2')}
    ORDER BY j.next_due_at LIMIT $3`,
  peekRunsDue: `SELECT r.wake_at AS t FROM runs r WHERE r.wake_at <= $1 AND ${RUN_NOT_SUSPENDED}
    ORDER BY r.wake_at LIMIT $2`,

  selectDueRuns: SELECT_DUE_RUNS,
  /** $1 owner, $2 lease expiry, $3 JSON array of run ids. */
  leaseRuns: `UPDATE runs SET lease_owner = $1, lease_until = $2, wake_at = $2, lease_token = lease_token + 1
    WHERE id IN (SELECT value FROM json_each($3))`,
  selectDueJobs: selectDueJobs(true),
  insertRun: `INSERT INTO runs
      (id, job_id, collection_id, execution_tag, due_at, repeat_count, retry_count, action_name, attempt_at, wake_at,
       lease_owner, lease_until, lease_token, action, series_started_at, is_final, created_at)
    VALUES ($1, $2, (SELECT collection_id FROM jobs WHERE id = $2), $3, $4, $5, 0, 'MainAction', $6, $7, $8, $9, $10,
      $11, $12, $13, $14)`,

  /** $1 owner, $2 new expiry, $3 JSON array of run ids; answers the ids still held. */
  extendLeases: `UPDATE runs SET lease_until = $2, wake_at = $2
    WHERE lease_owner = $1 AND id IN (SELECT value FROM json_each($3)) RETURNING id`,
  /** Graceful shutdown: the attempts become due again at once, for any node. */
  releaseLeases: `UPDATE runs SET lease_owner = NULL, lease_until = NULL, wake_at = attempt_at WHERE lease_owner = $1`,

  /** Jobs that have history, in id order: jobs that never ran (a million future ones) cost nothing. */
  selectJobIdsAfter: `SELECT DISTINCT job_id AS id FROM history WHERE job_id > $1 ORDER BY job_id LIMIT $2`,
  /** The newest history entry's seq (0 when there is none): a mark for the next incremental sweep. */
  selectHistoryMark: `SELECT COALESCE(MAX(seq), 0) AS mark FROM history`,
  /** Jobs with entries recorded after mark $1 (and up to mark $2), in id order, with how many. */
  selectHistoryCountsAfter: `SELECT job_id AS id, COUNT(*) AS entries FROM history WHERE seq > $1 AND seq <= $2
    GROUP BY job_id ORDER BY job_id`,
  deleteOldHistoryOfJob: `DELETE FROM history WHERE job_id = $1 AND timestamp < $2`,
  /** Keeps the newest $2 entries of the job (timestamp, then recording order). */
  trimHistoryOfJob: `DELETE FROM history WHERE job_id = $1 AND seq IN
    (SELECT seq FROM history WHERE job_id = $1 ORDER BY timestamp DESC, seq DESC LIMIT $3 OFFSET $2)`,
  /** Retention: the oldest finished jobs and their collections (read unlocked, deleted below). */
  selectFinishedJobs: `SELECT id AS job_pk, collection_id FROM jobs
    WHERE finished_at < $1 AND state IN ('completed', 'faulted') ORDER BY finished_at LIMIT $2`,
  /** $1 JSON array of collection ids; locked in id order before their jobs (lock order collection -> job). */
  lockCollectionsByIds: `SELECT id FROM job_collections WHERE id IN (SELECT value FROM json_each($1)) ORDER BY id`,
  /**
   * $1 JSON array of job ids, still finished before $2 (a replace in between made one live again).
   * Runs and history go with the jobs (cascade, docs/store.md); answers each deleted job's collection.
   */
  deleteFinishedJobsByIds: `DELETE FROM jobs WHERE id IN (SELECT value FROM json_each($1))
    AND finished_at < $2 AND state IN ('completed', 'faulted') RETURNING id, collection_id`,

  /** Run-now: guarded by the version the caller read, like every API write. */
  bumpJobForExtraRun: `UPDATE jobs SET execution_count = $3, repeat_count = $4, last_execution_time = $5,
      version = version + 1
    WHERE id = $1 AND version = $2`,
  selectJobForExtraRun: `SELECT ${JOB_COLUMNS} FROM jobs j ${JOIN_PARENTS}
    WHERE s.subscription_id = $1 AND s.name_key = $2 AND c.name_key = $3 AND j.name_key = $4`,
} as const;

/**
 * PostgreSQL texts: several nodes claim concurrently, each skipping rows another node has locked;
 * id lists are JSONB arrays.
 */
export const ENGINE_POSTGRES_QUERIES = {
  ...ENGINE_BULK_POSTGRES_QUERIES,
  claimStart: CLAIM_START_POSTGRES,
  /**
   * The claim's plan, for its transaction only: its per-collection lookups must seek the
   * `jobs_due_by_collection` index. With statistics from before a bulk import of due jobs the
   * planner combined two other indexes in a bitmap instead, reading every due job once per
   * collection (docs/operations.md, "Statistics (PostgreSQL)").
   */
  claimPlan: `SET LOCAL enable_bitmapscan = off`,
  ...ENGINE_FAIR_POSTGRES_QUERIES,
  ...RUN_SHARES_POSTGRES_QUERIES,
  selectDueRuns: `${SELECT_DUE_RUNS} FOR UPDATE OF r SKIP LOCKED`,
  selectDueJobs: `${selectDueJobs(false)} FOR UPDATE OF j SKIP LOCKED`,
  leaseRuns: `UPDATE runs SET lease_owner = $1, lease_until = $2, wake_at = $2, lease_token = lease_token + 1
    WHERE id IN (SELECT jsonb_array_elements_text(CAST($3 AS jsonb)))`,
  // Rows another transaction holds (this node's own outcome being recorded) are skipped, not waited
  // for, and answered as kept while this node's lease is on them: an UPDATE that waits for a row
  // keeps it locked until its commit even when the row no longer matches, so the claim after the
  // outcome passed the retry over (docs/engine.md, "The claim on PostgreSQL", lease renewal).
  extendLeases: `WITH ids AS (SELECT jsonb_array_elements_text(CAST($3 AS jsonb)) AS id),
    mine AS (SELECT r.id FROM runs r WHERE r.lease_owner = $1 AND r.id IN (SELECT id FROM ids)
      FOR UPDATE OF r SKIP LOCKED),
    renewed AS (UPDATE runs r SET lease_until = $2, wake_at = $2 FROM mine WHERE r.id = mine.id RETURNING r.id)
    SELECT id FROM renewed
    UNION ALL SELECT r.id FROM runs r WHERE r.lease_owner = $1 AND r.id IN (SELECT id FROM ids)
      AND r.id NOT IN (SELECT id FROM mine)`,
  // FOR UPDATE: conflicts with the key share of job inserts (their foreign key) and of job deletes
  // (findJobKey), so those finish before or start after, and counter shards and jobs are never
  // locked in opposite orders.
  lockCollectionsByIds: `SELECT id FROM job_collections
    WHERE id IN (SELECT CAST(jsonb_array_elements_text(CAST($1 AS jsonb)) AS BIGINT)) ORDER BY id FOR UPDATE`,
  deleteFinishedJobsByIds: `DELETE FROM jobs WHERE id IN (SELECT CAST(jsonb_array_elements_text(CAST($1 AS jsonb)) AS BIGINT))
    AND finished_at < $2 AND state IN ('completed', 'faulted') RETURNING id, collection_id`,
} as const;
