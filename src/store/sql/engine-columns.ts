import { collectionHeld } from './collections.js';

/** The columns the claim reads of a job and its parents (one list, so every claim select maps alike). */
export const JOB_COLUMNS = `j.id AS job_pk, j.collection_id, s.subscription_id, s.name AS cloud_service_name, c.name AS collection_name,
  j.name, j.definition, j.state, j.state_details, j.execution_count, j.failure_count, j.faulted_count,
  j.anchor, j.series_started_at, j.series_count, j.repeat_count, j.next_due_at, j.last_execution_time,
  j.last_outcome, j.finished_at, j.created_at, j.updated_at, j.version, s.geo_region`;
/** The columns the claim reads of a due run, its job's name and its parents (`r`, `j`, `c`, `s`). */
export const RUN_COLUMNS = `r.id AS run_id, r.job_id AS job_pk, r.execution_tag, r.due_at, r.repeat_count, r.retry_count,
  r.action_name, r.attempt_at, r.lease_token, r.lease_owner, r.action, r.is_final, r.series_started_at AS run_series_started_at,
  s.subscription_id, s.name AS cloud_service_name, c.name AS collection_name, j.name AS job_name, s.geo_region`;
export const JOIN_PARENTS = `JOIN job_collections c ON c.id = j.collection_id JOIN cloud_services s ON s.id = c.cloud_service_id`;
/**
 * The FROM of the claim's selects of due jobs in due order: `j` and its collection `c`, and its cloud
 * service `s` when `withService`. On SQLite the plan is fixed: `jobs_due` walked in order as the outer
 * loop (`CROSS JOIN` fixes SQLite's join order), stopping at the limit whatever the statistics say;
 * with the parents outside, the index only filtered and every due job was sorted (docs/store.md,
 * "Plans that hold without statistics"). PostgreSQL has no such clauses (its claim sets its plan:
 * claimPlan).
 */
export function dueOrderFrom(sqlite: boolean, withService: boolean): string {
  const join = sqlite ? 'CROSS JOIN' : 'JOIN';
  const service = withService ? ` ${join} cloud_services s ON s.id = c.cloud_service_id` : '';
  return `jobs j${sqlite ? ' INDEXED BY jobs_due' : ''} ${join} job_collections c ON c.id = j.collection_id${service}`;
}

/**
 * Whether due run `r` may run: not held apart by its collection's suspension (`held`, the first key
 * column of `runs_by_wake`, so a read in wake order seeks past the held runs), and its collection
 * running — a run inserted while its collection was being suspended is not held, and waits too
 * (docs/engine.md, "Suspended collections"). Two primary-key lookups per due run read, through the
 * job: a run a node of an earlier version inserted during an upgrade names no collection
 * (migration 010).
 */
export const RUN_NOT_SUSPENDED = `r.held = FALSE AND (SELECT ${collectionHeld('sc')} FROM jobs sj
      JOIN job_collections sc ON sc.id = sj.collection_id WHERE sj.id = r.job_id) = FALSE`;
