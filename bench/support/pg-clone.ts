// Seeding for the cluster benchmark: one template job made through the API (validation, sealing),
// then `n` copies inserted by one SQL statement straight into the PostgreSQL store, job i due at
// `firstDue + i * stepMs`. Thousands of API PUTs would take longer than the run they prepare.
import pg from 'pg';

/** Copies job `template` to `${prefix}0..n-1`; due times are set now, the engines woken after. */
export async function cloneJobsPg(
  url: string,
  template: string,
  prefix: string,
  n: number,
  firstDue: number,
  stepMs: number,
): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `INSERT INTO jobs (collection_id, name_key, name, definition, state, state_details, execution_count, failure_count,
                         faulted_count, anchor, series_started_at, series_count, repeat_count, next_due_at,
                         last_execution_time, last_outcome, finished_at, created_at, updated_at, version)
       SELECT t.collection_id, lower($2 || i), $2 || i, t.definition, t.state, t.state_details, 0, 0,
              0, $3::bigint + floor(i * $4::float8)::bigint, t.series_started_at, t.series_count, t.repeat_count,
              $3::bigint + floor(i * $4::float8)::bigint, NULL, NULL, NULL, t.created_at, t.updated_at, t.version
         FROM jobs t, generate_series(0, $5::int - 1) AS i
        WHERE t.name = $1`,
      [template, prefix, firstDue, stepMs, n],
    );
    if (r.rowCount !== n) throw new Error(`cloned ${r.rowCount ?? 0} of ${n} jobs (is ${template} there?)`);
    // The collection's maintained job counter (migration 006's shards) counts the clones too; the
    // caps are reset, so the next create splits them anew (docs/store.md, the job counter).
    await c.query(
      `UPDATE job_collection_slots s SET cap = 0, split_max = 0, jobs = (SELECT COUNT(*) FROM jobs j
         WHERE j.collection_id = s.collection_id AND j.id % 16 = s.shard)`,
    );
    // Wake every engine at once instead of waiting for their next poll.
    await c.query(`SELECT pg_notify('takt_jobs', 'bench')`);
  } finally {
    await c.end();
  }
}
