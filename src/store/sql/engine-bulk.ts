/**
 * The engine's batch writes. On PostgreSQL a whole batch travels as ONE JSON parameter (an array of
 * row arrays) to a set-based statement, so a claim or an outcome batch is a handful of round trips
 * whatever its size. On SQLite (in-process, no round trips) the same write is a per-row statement
 * that `runRows` runs once per row. The column lists below give the order of a row's values for
 * both.
 */
type Kind = 'int' | 'text' | 'bool';

/** A JSON array of row arrays as a derived table with typed, named columns (PostgreSQL). */
function rows(columns: readonly (readonly [name: string, kind: Kind])[]): { postgres: string } {
  const postgres = columns
    .map(([name, kind], i) => {
      const text = `(e->>${i})`;
      return `${kind === 'int' ? `CAST(${text} AS BIGINT)` : kind === 'bool' ? `CAST(${text} AS BOOLEAN)` : text} AS ${name}`;
    })
    .join(', ');
  return {
    postgres: `SELECT ${postgres} FROM jsonb_array_elements(CAST($1 AS jsonb)) WITH ORDINALITY AS t(e, n) ORDER BY n`,
  };
}

const HISTORY = rows([
  ['job_id', 'int'],
  ['ts', 'int'],
  ['st', 'int'],
  ['et', 'int'],
  ['eet', 'int'],
  ['state', 'text'],
  ['status', 'text'],
  ['message', 'text'],
  ['rc', 'int'],
  ['rp', 'int'],
  ['an', 'text'],
  ['tag', 'text'],
]);
const INSERT_HISTORY = `INSERT INTO history
    (job_id, timestamp, start_time, end_time, expected_execution_time, state, status, message, retry_count,
     repeat_count, action_name, execution_tag)
  SELECT job_id, ts, st, et, eet, state, status, message, rc, rp, an, tag FROM (%) x`;

const ADVANCE = rows([
  ['id', 'int'],
  ['state', 'text'],
  ['ec', 'int'],
  ['sc', 'int'],
  ['rp', 'int'],
  ['nd', 'int'],
  ['le', 'int'],
  ['fa', 'int'],
]);
/** The engine's own job write: it bumps `version` so a concurrent API read-modify-write retries. */
const ADVANCE_JOBS = `UPDATE jobs SET state = x.state, execution_count = x.ec, series_count = x.sc, repeat_count = x.rp,
    next_due_at = x.nd, last_execution_time = x.le, finished_at = x.fa, version = version + 1
  FROM (%) x WHERE jobs.id = x.id`;

const RUNS = rows([
  ['id', 'text'],
  ['job_id', 'int'],
  ['tag', 'text'],
  ['due', 'int'],
  ['rp', 'int'],
  ['at', 'int'],
  ['wake', 'int'],
  ['owner', 'text'],
  ['until_', 'int'],
  ['token', 'int'],
  ['action', 'text'],
  ['ssa', 'int'],
  ['fin', 'bool'],
  ['created', 'int'],
]);
const INSERT_RUNS = `INSERT INTO runs
    (id, job_id, execution_tag, due_at, repeat_count, retry_count, action_name, attempt_at, wake_at, lease_owner,
     lease_until, lease_token, action, series_started_at, is_final, created_at)
  SELECT id, job_id, tag, due, rp, 0, 'MainAction', at, wake, owner, until_, token, action, ssa, fin, created FROM (%) x`;

const OUTCOME = rows([
  ['id', 'int'],
  ['fd', 'int'],
  ['ft', 'int'],
  ['lo', 'text'],
  ['state', 'text'],
  ['fa', 'int'],
]);
const APPLY_OUTCOMES = `UPDATE jobs SET failure_count = failure_count + x.fd, faulted_count = faulted_count + x.ft,
    last_outcome = x.lo, state = x.state, finished_at = x.fa, version = version + 1
  FROM (%) x WHERE jobs.id = x.id`;

const RESCHEDULE = rows([
  ['id', 'text'],
  ['rc', 'int'],
  ['an', 'text'],
  ['at', 'int'],
]);
/** The next attempts (retry or error action) of runs; their leases are released. */
const RESCHEDULE_RUNS = `UPDATE runs SET retry_count = x.rc, action_name = x.an, attempt_at = x.at, wake_at = x.at,
    lease_owner = NULL, lease_until = NULL
  FROM (%) x WHERE runs.id = x.id`;

const SELECT_OUTCOME_RUNS = `SELECT r.id AS run_id, r.lease_token, r.job_id AS job_pk, r.execution_tag, r.due_at, r.repeat_count,
    r.is_final, r.series_started_at AS run_series_started_at, j.state, j.next_due_at,
    j.series_started_at AS job_series_started_at, j.finished_at, j.last_outcome
  FROM runs r JOIN jobs j ON j.id = r.job_id
  WHERE r.id IN (%) ORDER BY j.id, r.id`;

const fill = (template: string, inner: string): string => template.replace('%', inner);
const SQLITE_IDS = `SELECT value FROM json_each($1)`;
const PG_IDS = `SELECT jsonb_array_elements_text(CAST($1 AS jsonb))`;

/**
 * SQLite: the same writes as one statement per row (`runRows` runs it once per row inside the
 * transaction). In-process, a prepared statement per row costs about half of decoding the rows
 * from one JSON parameter (`json_extract` per column, the action snapshot escaped twice).
 */
export const ENGINE_BULK_QUERIES = {
  /** One history row (see HISTORY for the order); rows are inserted in batch order. */
  insertHistoryRows: `INSERT INTO history
      (job_id, timestamp, start_time, end_time, expected_execution_time, state, status, message, retry_count,
       repeat_count, action_name, execution_tag)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
  /** See ADVANCE_JOBS. */
  advanceJobs: `UPDATE jobs SET state = $2, execution_count = $3, series_count = $4, repeat_count = $5,
      next_due_at = $6, last_execution_time = $7, finished_at = $8, version = version + 1
    WHERE id = $1`,
  insertRuns: `INSERT INTO runs
      (id, job_id, execution_tag, due_at, repeat_count, retry_count, action_name, attempt_at, wake_at, lease_owner,
       lease_until, lease_token, action, series_started_at, is_final, created_at)
    VALUES ($1, $2, $3, $4, $5, 0, 'MainAction', $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
  /** The runs (and their jobs) an outcome batch names; lease tokens are checked by the caller. */
  selectOutcomeRuns: fill(SELECT_OUTCOME_RUNS, SQLITE_IDS),
  applyOutcomes: `UPDATE jobs SET failure_count = failure_count + $2, faulted_count = faulted_count + $3,
      last_outcome = $4, state = $5, finished_at = $6, version = version + 1
    WHERE id = $1`,
  rescheduleRuns: `UPDATE runs SET retry_count = $2, action_name = $3, attempt_at = $4, wake_at = $4,
      lease_owner = NULL, lease_until = NULL
    WHERE id = $1`,
  /** Rows of one run id each. */
  deleteRuns: `DELETE FROM runs WHERE id = $1`,
} as const;

export const ENGINE_BULK_POSTGRES_QUERIES = {
  insertHistoryRows: fill(INSERT_HISTORY, HISTORY.postgres),
  advanceJobs: fill(ADVANCE_JOBS, ADVANCE.postgres),
  insertRuns: fill(INSERT_RUNS, RUNS.postgres),
  /** Locks the runs and their jobs: outcomes of one run or job serialize across nodes. */
  selectOutcomeRuns: `${fill(SELECT_OUTCOME_RUNS, PG_IDS)} FOR UPDATE OF r, j`,
  applyOutcomes: fill(APPLY_OUTCOMES, OUTCOME.postgres),
  rescheduleRuns: fill(RESCHEDULE_RUNS, RESCHEDULE.postgres),
  /** Rows of one run id each: `[[id], …]`. */
  deleteRuns: `DELETE FROM runs WHERE id IN (SELECT e->>0 FROM jsonb_array_elements(CAST($1 AS jsonb)) AS t(e))`,
} as const;
