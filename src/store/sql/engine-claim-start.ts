/**
 * The PostgreSQL claim's first statement (verbs/engine-claim-pg.ts, docs/engine.md "The claim on
 * PostgreSQL" and "Fairness"), fair shares included, so a claim is two round trips with or without
 * a backlog.
 *
 * $1 now, $2 the batch (runs and jobs together), $3 lease owner, $4 lease expiry, $5 the
 * collections' `suspended` value that is claimed (false), $6 whether the previous claim met a
 * backlog (`ClaimMemo`, a hint: skip the due-order read), $7 the due runs' share of the batch
 * (`runShare`, verbs/engine-claim-verbs.ts), $8 the last collection (id) the previous backlog claim
 * gave a share (`ClaimMemo.cursor`; 0 for none).
 *
 * - `dr`: locks the due runs, at most $2 + 1 (one more: whether more are due than the claim takes),
 *   in due order, skipping rows another node holds; `w.n` = what is left of the batch for jobs once
 *   the runs have their share ($7).
 * - `dj` (outside a backlog): locks the first `n + 1` due jobs in due order (none when `n` is 0: the
 *   runs took the whole claim, which must then hold no job). At most `n` rows: they are the claim's
 *   jobs, nothing to share.
 * - Backlog (`b.backlog`: more than `n` due, or the memo): `dc` the running collections with due
 *   jobs, at most `collectionsPerClaim(n)`, in rotation from the one after $8 (one index seek each in
 *   `jobs_due_by_collection` for the collections walked until those are found, at most a window of
 *   `WALK_PER_TURN` per collection taking part, never a walk over the backlog); `sh` each one's first
 *   `ceil(n / collections)` due jobs, locked, skipping rows another node holds (so that
 *   collection's next ones count instead); `pk` those taken round-robin (each collection's first,
 *   then second, …, earliest due first within a rank), at most `n`; `tu` tops up places no
 *   collection needed from the due order (`dj`, or `dd` when the memo skipped `dj`). The shares'
 *   gates are one-time filters: outside a backlog they never run.
 *
 * - `rm.m` (last, as it needs the jobs' count): the places the jobs left the runs (at least their
 *   share). `lr` leases all of `dr` when it fits in them. When more runs are due than that, it
 *   leases none and answers a row of kind 'runs-waiting': the claim then leases the runs' shares per
 *   collection with `leaseRunShares` (sql/engine-run-shares.ts), one more round trip, only while a
 *   storm of due runs lasts. The runs not leased stay due, their locks released at commit.
 *
 * Every job row answered comes from a locking select (`dj`, `sh`, `dd`: the row's latest committed
 * version), never from a plain read of the statement's snapshot, as the planner must see the job as
 * it is while locked. One row per run (`kind` 'run', due order), then per job ('job', claim order),
 * `r` the row as JSON with the columns of selectDueRuns (lease token and owner as before the lease)
 * and of selectDueJobs; a row of kind 'backlog' when the shares were taken (`r.cursor`: the next
 * claim's $8, `nextCursor` in engine-fair.ts: the last collection of `dc` in rotation order, or the
 * end of the window when it found fewer), and one of kind
 * 'runs-waiting' (above).
 */
import { collectionRunning } from './collections.js';
import { JOB_COLUMNS, JOIN_PARENTS, RUN_NOT_SUSPENDED } from './engine-columns.js';
import { collectionsInRotation, collectionsPerClaimSql, HAS_DUE_JOB, nextCursor } from './engine-fair.js';

const DUE_JOBS = `FROM jobs j JOIN job_collections c ON c.id = j.collection_id
      WHERE j.state = 'enabled' AND j.held = FALSE AND j.next_due_at <= $1 AND ${collectionRunning('c', '$5')}`;
const N = `(SELECT n FROM b)`;
const BACKLOG = `(SELECT backlog FROM b)`;
const M = `(SELECT m FROM rm)`;
/** How many collections take part in a backlog claim: `collectionsPerClaim(n)`. */
const TURN = `(SELECT ${collectionsPerClaimSql('n')} FROM b)`;
const CURSOR = `CAST($8 AS bigint)`;

/**
 * `lr`: leases the runs of `from` (rows of `id, wake_at, lease_token, lease_owner` as they were,
 * locked), lease owner $3, expiry $4. Shared with `leaseRunShares` (engine-run-shares.ts).
 */
export const leaseRuns = (
  from: string,
): string => `lr AS (UPDATE runs r SET lease_owner = $3, lease_until = $4,
      wake_at = $4, lease_token = r.lease_token + 1 FROM ${from} d WHERE r.id = d.id
      RETURNING r.id AS run_id, r.job_id AS job_pk, r.execution_tag, r.due_at, r.repeat_count, r.retry_count,
        r.action_name, r.attempt_at, d.lease_token, d.lease_owner, r.action, r.is_final,
        r.series_started_at AS run_series_started_at, d.wake_at AS due_order)`;

/** The runs `lr` leased as claim rows (selectDueRuns' columns), in due order. */
export const LEASED_RUN_ROWS = `SELECT lr.*, s.subscription_id, s.name AS cloud_service_name,
      c.name AS collection_name, j.name AS job_name, s.geo_region
    FROM lr JOIN jobs j ON j.id = lr.job_pk ${JOIN_PARENTS} ORDER BY lr.due_order, lr.run_id`;

export const CLAIM_START_POSTGRES = `WITH dr AS MATERIALIZED (SELECT r.id, r.wake_at, r.lease_token, r.lease_owner FROM runs r
      WHERE r.wake_at <= $1 AND ${RUN_NOT_SUSPENDED} ORDER BY r.wake_at LIMIT $2 + 1 FOR UPDATE OF r SKIP LOCKED),
    w AS MATERIALIZED (SELECT GREATEST($2 - LEAST((SELECT COUNT(*) FROM dr), $7), 0) AS n),
    dj AS MATERIALIZED (SELECT j.* ${DUE_JOBS} ORDER BY j.next_due_at
      LIMIT (SELECT CASE WHEN CAST($6 AS boolean) OR n = 0 THEN 0 ELSE n + 1 END FROM w) FOR UPDATE OF j SKIP LOCKED),
    b AS MATERIALIZED (SELECT n, n > 0 AND (CAST($6 AS boolean) OR (SELECT COUNT(*) FROM dj) > n) AS backlog FROM w),
    dc AS MATERIALIZED (${collectionsInRotation(`${collectionRunning('c', '$5')} AND ${BACKLOG} AND ${HAS_DUE_JOB}`, TURN, CURSOR)}),
    sh AS MATERIALIZED (SELECT p.* FROM dc CROSS JOIN LATERAL (SELECT y.* FROM jobs y
        WHERE y.collection_id = dc.id AND y.state = 'enabled' AND y.held = FALSE AND y.next_due_at <= $1
        ORDER BY y.next_due_at, y.id
        LIMIT (SELECT CEIL(n / NULLIF(CAST((SELECT COUNT(*) FROM dc) AS numeric), 0)) FROM b)
        FOR UPDATE OF y SKIP LOCKED) p),
    pk AS MATERIALIZED (SELECT id, row_number() OVER (PARTITION BY collection_id ORDER BY next_due_at, id) AS rank,
        next_due_at FROM sh ORDER BY rank, next_due_at, id LIMIT ${N}),
    dd AS MATERIALIZED (SELECT j.* ${DUE_JOBS} AND CAST($6 AS boolean) AND ${BACKLOG}
        AND (SELECT COUNT(*) FROM pk) < ${N}
      ORDER BY j.next_due_at LIMIT ${N} FOR UPDATE OF j SKIP LOCKED),
    tu AS MATERIALIZED (SELECT f.id, f.next_due_at FROM (SELECT id, next_due_at FROM dj UNION ALL SELECT id, next_due_at FROM dd) f
      WHERE ${BACKLOG} AND f.id NOT IN (SELECT id FROM pk)
      ORDER BY f.next_due_at, f.id LIMIT GREATEST(${N} - (SELECT COUNT(*) FROM pk), 0)),
    pick AS (SELECT id, 0 AS part, row_number() OVER (ORDER BY next_due_at, id) AS ord FROM dj WHERE NOT ${BACKLOG}
      UNION ALL SELECT id, 1, row_number() OVER (ORDER BY rank, next_due_at, id) FROM pk
      UNION ALL SELECT id, 2, row_number() OVER (ORDER BY next_due_at, id) FROM tu),
    locked AS (SELECT DISTINCT ON (id) * FROM (SELECT * FROM dj UNION ALL SELECT * FROM sh UNION ALL SELECT * FROM dd) l
      ORDER BY id),
    rm AS MATERIALIZED (SELECT GREATEST($2 - (SELECT COUNT(*) FROM pick), 0) AS m),
    ${leaseRuns(`(SELECT * FROM dr WHERE (SELECT COUNT(*) FROM dr) <= ${M})`)}
  SELECT 'run' AS kind, row_to_json(x) AS r FROM (${LEASED_RUN_ROWS}) x
  UNION ALL
  SELECT 'job', row_to_json(x) FROM (SELECT ${JOB_COLUMNS} FROM pick p JOIN locked j ON j.id = p.id ${JOIN_PARENTS}
    ORDER BY p.part, p.ord) x
  UNION ALL
  SELECT 'backlog', json_build_object('cursor', ${nextCursor('dc', TURN, CURSOR)}) FROM b WHERE backlog
  UNION ALL
  SELECT 'runs-waiting', NULL FROM rm WHERE m > 0 AND (SELECT COUNT(*) FROM dr) > m`;
