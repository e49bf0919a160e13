/**
 * Secrets at rest (`takt keys rotate`): paging through every stored value that can hold a sealed
 * secret — job definitions and the action snapshots of runs in progress — and rewriting them.
 * Paging is by primary key (a stable cursor that concurrent inserts and deletes cannot disturb).
 */
export const SECRET_QUERIES = {
  selectSealedJobs: `SELECT id AS job_pk, version, definition FROM jobs WHERE id > $1 ORDER BY id LIMIT $2`,
  /** Only definitions that hold a sealed value (`"v1:…`, docs/security.md "Secrets at rest"). */
  selectJobsWithSecrets: `SELECT id AS job_pk, version, definition FROM jobs
    WHERE id > $1 AND definition LIKE '%"v1:%' ORDER BY id LIMIT $2`,
  /** Guarded by version: a job changed meanwhile (API write, engine outcome) is left for the next pass. */
  resealJob: `UPDATE jobs SET definition = $3 WHERE id = $1 AND version = $2`,
  selectSealedRuns: `SELECT id AS run_id, action FROM runs WHERE id > $1 ORDER BY id LIMIT $2`,
  /** A run's action snapshot never changes after insert, so only its existence matters. */
  resealRun: `UPDATE runs SET action = $2 WHERE id = $1`,
} as const;
