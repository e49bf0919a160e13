/**
 * The engine's batch writes, each built from ONE column list (habit: rows with names). A batch row
 * is an object keyed by column name (`BatchRow`). On PostgreSQL a whole batch travels as ONE JSON
 * parameter — an array of those objects — read by `json_to_recordset` with the column list's types,
 * so a claim or an outcome batch is a handful of round trips whatever its size. On SQLite
 * (in-process, no round trips) the same write is a per-row statement with named parameters
 * (`$job_id`, …) that `runRows` runs once per row, binding the row object itself.
 */
/** A bound value, as `Param` in program.ts (not imported: program.ts reaches this file through queries.ts). */
type Param = string | number | null;

type Kind = 'bigint' | 'text' | 'boolean';
type Columns = Readonly<Record<string, Kind>>;

/** One row of a batch write: a value for every column of its list. */
export type BatchRow<C extends Columns> = { readonly [K in keyof C]: Param };

/** The batch (parameter `param`) as a typed derived table, in batch order (PostgreSQL). */
export function recordset(columns: Columns, param = '$1'): string {
  const names = Object.keys(columns);
  const typed = names.map((n) => `${n} ${columns[n]}`).join(', ');
  return `SELECT ${names.join(', ')} FROM ROWS FROM (json_to_recordset(CAST(${param} AS json)) AS (${typed}))
    WITH ORDINALITY AS x(${names.join(', ')}, n) ORDER BY n`;
}

/** `$a, $b, …`: the named parameters of one row (SQLite). */
export const params = (columns: Columns): string =>
  Object.keys(columns)
    .map((n) => `$${n}`)
    .join(', ');

export const HISTORY_ROW = {
  job_id: 'bigint',
  timestamp: 'bigint',
  start_time: 'bigint',
  end_time: 'bigint',
  expected_execution_time: 'bigint',
  state: 'text',
  status: 'text',
  message: 'text',
  retry_count: 'bigint',
  repeat_count: 'bigint',
  action_name: 'text',
  execution_tag: 'text',
} as const;
export type HistoryRow = BatchRow<typeof HISTORY_ROW>;
const HISTORY_COLUMNS = Object.keys(HISTORY_ROW).join(', ');

/** A job as a claim advances it. */
export const ADVANCED_JOB_ROW = {
  id: 'bigint',
  state: 'text',
  execution_count: 'bigint',
  series_count: 'bigint',
  repeat_count: 'bigint',
  next_due_at: 'bigint',
  last_execution_time: 'bigint',
  finished_at: 'bigint',
} as const;
export type AdvancedJobRow = BatchRow<typeof ADVANCED_JOB_ROW>;

/**
 * A run as a claim starts it: attempt 0 of the main action, leased at once. Its action snapshot is
 * not a batch column: the insert copies it from the job's stored definition text (`RUN_ACTION`), so
 * the claim neither re-serialises the parsed action nor sends it back to the database.
 */
export const NEW_RUN_ROW = {
  id: 'text',
  job_id: 'bigint',
  collection_id: 'bigint',
  execution_tag: 'text',
  due_at: 'bigint',
  repeat_count: 'bigint',
  attempt_at: 'bigint',
  wake_at: 'bigint',
  lease_owner: 'text',
  lease_until: 'bigint',
  lease_token: 'bigint',
  series_started_at: 'bigint',
  is_final: 'boolean',
  created_at: 'bigint',
} as const;
export type NewRunRow = BatchRow<typeof NEW_RUN_ROW>;
const NEW_RUN_COLUMNS = Object.keys(NEW_RUN_ROW).join(', ');

/** An outcome's change to a job that did not finish: its counters and last outcome only. */
export const JOB_COUNTERS_ROW = {
  id: 'bigint',
  failure_delta: 'bigint',
  faulted_delta: 'bigint',
  last_outcome: 'text',
} as const;
export type JobCountersRow = BatchRow<typeof JOB_COUNTERS_ROW>;

/** An outcome that finished its job (completed or faulted): the counters and the final state. */
export const JOB_OUTCOME_ROW = {
  ...JOB_COUNTERS_ROW,
  state: 'text',
  finished_at: 'bigint',
} as const;
export type JobOutcomeRow = BatchRow<typeof JOB_OUTCOME_ROW>;

/** A run's next attempt (retry or error action). */
export const NEXT_ATTEMPT_ROW = {
  id: 'text',
  retry_count: 'bigint',
  action_name: 'text',
  attempt_at: 'bigint',
} as const;
export type NextAttemptRow = BatchRow<typeof NEXT_ATTEMPT_ROW>;

export const RUN_ID_ROW = { id: 'text' } as const;
export type RunIdRow = BatchRow<typeof RUN_ID_ROW>;

const INSERT_HISTORY = (from: string): string => `INSERT INTO history (${HISTORY_COLUMNS}) ${from}`;
const INSERT_RUNS = (from: string): string =>
  `INSERT INTO runs (${NEW_RUN_COLUMNS}, retry_count, action_name, action) ${from}`;
/** The job's `action` member as JSON text, from its definition (same transaction, row locked). */
const RUN_ACTION = {
  sqlite: `(SELECT json_extract(definition, '$.action') FROM jobs WHERE id = $job_id)`,
  // `json` (not jsonb) keeps the member's text as stored.
  postgres: `CAST(CAST(j.definition AS json) -> 'action' AS text)`,
};
const R_NEW_RUN_COLUMNS = Object.keys(NEW_RUN_ROW)
  .map((n) => `r.${n}`)
  .join(', ');
/** The engine's own job write: it bumps `version` so a concurrent API read-modify-write retries. */
const ADVANCE_SET = `state = x.state, execution_count = x.execution_count, series_count = x.series_count,
    repeat_count = x.repeat_count, next_due_at = x.next_due_at, last_execution_time = x.last_execution_time,
    finished_at = x.finished_at, version = version + 1`;
const COUNTERS_SET = `failure_count = failure_count + x.failure_delta, faulted_count = faulted_count + x.faulted_delta,
    last_outcome = x.last_outcome, version = version + 1`;
/**
 * Only an outcome that finishes its job sets `state` and `finished_at`: they are in the WHERE of the
 * partial due indexes, and SQLite rewrites a row's entries in every index whose columns an UPDATE
 * sets, changed or not (with 20 collections, 21 of an outcome commit's 54 WAL frames were those
 * entries: bench/RESULTS.md, "WAL frames"). PostgreSQL compares the values (HOT) either way.
 */
const OUTCOME_SET = `${COUNTERS_SET}, state = x.state, finished_at = x.finished_at`;
/** The next attempts (retry or error action) of runs; their leases are released. */
const RESCHEDULE_SET = `retry_count = x.retry_count, action_name = x.action_name, attempt_at = x.attempt_at,
    wake_at = x.attempt_at, lease_owner = NULL, lease_until = NULL`;

/** SQLite's per-row form of an `UPDATE … FROM (batch) x WHERE <table>.id = x.id`: x's columns as parameters. */
const perRow = (table: string, set: string): string =>
  `UPDATE ${table} SET ${set.replace(/\bx\./g, '$')} WHERE id = $id`;

const SELECT_OUTCOME_RUNS = `SELECT r.id AS run_id, r.lease_token, r.job_id AS job_pk, r.execution_tag, r.due_at, r.repeat_count,
    r.is_final, r.series_started_at AS run_series_started_at, j.state, j.next_due_at,
    j.series_started_at AS job_series_started_at, j.finished_at, j.last_outcome
  FROM runs r JOIN jobs j ON j.id = r.job_id
  WHERE r.id IN (%) ORDER BY j.id, r.id`;

/** The text of a query SQLite never runs: preparing it fails (it holds no statement). */
export const POSTGRES_ONLY = '/* PostgreSQL only */';

const fill = (template: string, inner: string): string => template.replace('%', inner);
const SQLITE_IDS = `SELECT value FROM json_each($1)`;
const PG_IDS = `SELECT jsonb_array_elements_text(CAST($1 AS jsonb))`;

/**
 * SQLite: the same writes as one statement per row (`runRows` runs it once per row inside the
 * transaction). In-process, a prepared statement per row costs about half of decoding the rows
 * from one JSON parameter (`json_extract` per column, the action snapshot escaped twice).
 */
export const ENGINE_BULK_QUERIES = {
  /** PostgreSQL only (the claim there, verbs/engine-claim-pg.ts); SQLite writes step by step. */
  claimWrites: POSTGRES_ONLY,
  /** Rows are inserted in batch order. */
  insertHistoryRows: INSERT_HISTORY(`VALUES (${params(HISTORY_ROW)})`),
  advanceJobs: perRow('jobs', ADVANCE_SET),
  insertRuns: INSERT_RUNS(`VALUES (${params(NEW_RUN_ROW)}, 0, 'MainAction', ${RUN_ACTION.sqlite})`),
  /** The runs (and their jobs) an outcome batch names; lease tokens are checked by the caller. */
  selectOutcomeRuns: fill(SELECT_OUTCOME_RUNS, SQLITE_IDS),
  applyOutcomeCounters: perRow('jobs', COUNTERS_SET),
  applyOutcomes: perRow('jobs', OUTCOME_SET),
  rescheduleRuns: perRow('runs', RESCHEDULE_SET),
  deleteRuns: `DELETE FROM runs WHERE id = $id`,
} as const;

/**
 * The PostgreSQL claim's writes as ONE statement (verbs/engine-claim-pg.ts): $1 the advanced jobs,
 * $2 the claim's own history rows, $3 the new runs, each a JSON batch. Data-modifying CTEs all run,
 * on one snapshot: the run insert reads each job's definition as it was (the advance does not change it).
 */
const CLAIM_WRITES_POSTGRES = `WITH a AS (UPDATE jobs SET ${ADVANCE_SET} FROM (${recordset(ADVANCED_JOB_ROW, '$1')}) x
      WHERE jobs.id = x.id RETURNING jobs.id),
    h AS (${INSERT_HISTORY(recordset(HISTORY_ROW, '$2'))} RETURNING seq),
    n AS (${INSERT_RUNS(`SELECT ${R_NEW_RUN_COLUMNS}, 0, 'MainAction', ${RUN_ACTION.postgres}
      FROM (${recordset(NEW_RUN_ROW, '$3')}) r JOIN jobs j ON j.id = r.job_id`)} RETURNING id)
  SELECT (SELECT COUNT(*) FROM a) AS jobs, (SELECT COUNT(*) FROM h) AS history, (SELECT COUNT(*) FROM n) AS runs`;

export const ENGINE_BULK_POSTGRES_QUERIES = {
  claimWrites: CLAIM_WRITES_POSTGRES,
  insertHistoryRows: INSERT_HISTORY(recordset(HISTORY_ROW)),
  advanceJobs: `UPDATE jobs SET ${ADVANCE_SET} FROM (${recordset(ADVANCED_JOB_ROW)}) x WHERE jobs.id = x.id`,
  insertRuns: INSERT_RUNS(
    `SELECT ${R_NEW_RUN_COLUMNS}, 0, 'MainAction', ${RUN_ACTION.postgres}
      FROM (${recordset(NEW_RUN_ROW)}) r JOIN jobs j ON j.id = r.job_id`,
  ),
  /** Locks the runs and their jobs: outcomes of one run or job serialize across nodes. */
  selectOutcomeRuns: `${fill(SELECT_OUTCOME_RUNS, PG_IDS)} FOR UPDATE OF r, j`,
  applyOutcomeCounters: `UPDATE jobs SET ${COUNTERS_SET} FROM (${recordset(JOB_COUNTERS_ROW)}) x WHERE jobs.id = x.id`,
  applyOutcomes: `UPDATE jobs SET ${OUTCOME_SET} FROM (${recordset(JOB_OUTCOME_ROW)}) x WHERE jobs.id = x.id`,
  rescheduleRuns: `UPDATE runs SET ${RESCHEDULE_SET} FROM (${recordset(NEXT_ATTEMPT_ROW)}) x WHERE runs.id = x.id`,
  deleteRuns: `DELETE FROM runs WHERE id IN (SELECT id FROM (${recordset(RUN_ID_ROW)}) x)`,
} as const;
