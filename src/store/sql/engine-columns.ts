/** The columns the claim reads of a job and its parents (one list, so every claim select maps alike). */
export const JOB_COLUMNS = `j.id AS job_pk, j.collection_id, s.subscription_id, s.name AS cloud_service_name, c.name AS collection_name,
  j.name, j.definition, j.state, j.state_details, j.execution_count, j.failure_count, j.faulted_count,
  j.anchor, j.series_started_at, j.series_count, j.repeat_count, j.next_due_at, j.last_execution_time,
  j.last_outcome, j.finished_at, j.created_at, j.updated_at, j.version, s.geo_region`;
export const JOIN_PARENTS = `JOIN job_collections c ON c.id = j.collection_id JOIN cloud_services s ON s.id = c.cloud_service_id`;
/**
 * SQLite, for the claim's selects of due jobs in due order (`j` then its parents): `jobs_due` walked
 * in order as the outer loop (`CROSS JOIN` fixes SQLite's join order), stopping at the limit whatever
 * the statistics say; with the parents outside, the index only filtered and every due job was
 * sorted (docs/store.md, "Plans that hold without statistics").
 */
export const JOBS_IN_DUE_ORDER_SQLITE =
  'jobs j INDEXED BY jobs_due CROSS JOIN job_collections c ON c.id = j.collection_id';
export const JOIN_CLOUD_SERVICE_AFTER = 'CROSS JOIN cloud_services s ON s.id = c.cloud_service_id';
