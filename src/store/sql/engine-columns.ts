/** The columns the claim reads of a job and its parents (one list, so every claim select maps alike). */
export const JOB_COLUMNS = `j.id AS job_pk, j.collection_id, s.subscription_id, s.name AS cloud_service_name, c.name AS collection_name,
  j.name, j.definition, j.state, j.state_details, j.execution_count, j.failure_count, j.faulted_count,
  j.anchor, j.series_started_at, j.series_count, j.repeat_count, j.next_due_at, j.last_execution_time,
  j.last_outcome, j.finished_at, j.created_at, j.updated_at, j.version, s.geo_region`;
export const JOIN_PARENTS = `JOIN job_collections c ON c.id = j.collection_id JOIN cloud_services s ON s.id = c.cloud_service_id`;
/**
 * SQLite: the same joins with the job as the outer loop (`CROSS JOIN` fixes SQLite's join order), for
 * selects that walk a jobs index in order and stop at a limit: with the parents outside, the index
 * only filters and every due job is sorted (docs/store.md, "Plans that hold without statistics").
 */
export const JOIN_PARENTS_JOB_FIRST = `CROSS JOIN job_collections c ON c.id = j.collection_id
  CROSS JOIN cloud_services s ON s.id = c.cloud_service_id`;
