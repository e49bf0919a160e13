/**
 * Due runs (retries, redeliveries) shared per collection (docs/engine.md, "Fairness";
 * verbs/engine-run-shares.ts). Only used while more runs are due than a claim takes. Each select
 * costs one seek in `runs_due_by_collection` (collection, wake time) per collection it looks at — up
 * to the last one taking part and at most one window of the rotation, not every collection of the
 * store — never a walk over the due runs.
 */
import { collectionRunning } from './collections.js';
import { POSTGRES_ONLY } from './engine-bulk.js';
import { JOIN_PARENTS, RUN_COLUMNS, RUN_NOT_SUSPENDED } from './engine-columns.js';
import { LEASED_RUN_ROWS, leaseRuns } from './engine-claim-start.js';
import { collectionsInRotation, collectionsPerClaimSql, nextCursor } from './engine-fair.js';

/**
 * Whether collection `c` is running and has a run due by $1: its first wake time, one seek in
 * `runs_due_by_collection` (a scalar subquery, which PostgreSQL cannot turn into a walk over every
 * due run; engine-fair.ts, HAS_DUE_JOB).
 */
const HAS_DUE_RUN = `${collectionRunning('c')} AND (SELECT MIN(y.wake_at) FROM runs y WHERE y.collection_id = c.id) <= $1`;

/** The collections with due runs in rotation: $1 now, $2 how many (`collectionsPerClaim`), $3 the cursor. */
const SELECT_DUE_RUN_COLLECTIONS = collectionsInRotation(HAS_DUE_RUN, '$2', '$3');

/** The first $2 due runs of collection `cid`, in due order: its share of a claim. */
const FIRST_DUE_OF = (cid: string): string => `SELECT y.id FROM runs y
      WHERE y.collection_id = ${cid} AND y.wake_at <= $1 ORDER BY y.wake_at LIMIT $2`;

/** Full claim rows (selectDueRuns' columns) with the collection and wake time the shares sort by. */
const SHARE_COLUMNS = `${RUN_COLUMNS}, r.collection_id, r.wake_at`;

export const RUN_SHARES_QUERIES = {
  leaseRunShares: POSTGRES_ONLY,
  selectDueRunCollections: SELECT_DUE_RUN_COLLECTIONS,
  /** $3: JSON array of collection ids. By collection, then in due order. */
  selectDueRunShares: `SELECT ${SHARE_COLUMNS} FROM json_each($3) e
    JOIN runs r ON r.id IN (${FIRST_DUE_OF('e.value')})
    JOIN jobs j ON j.id = r.job_id ${JOIN_PARENTS}
    ORDER BY r.collection_id, r.wake_at, r.id`,
} as const;

const BIG = (p: string): string => `CAST(${p} AS bigint)`;

/**
 * PostgreSQL's claim in a storm of due runs (verbs/engine-claim-pg.ts; `claimStart` leased none
 * and answered 'runs-waiting'): the same shares and top-up as on SQLite, locked and leased in one
 * statement. $1 now, $2 the runs' places, $3 lease owner, $4 lease expiry, $5 the last collection
 * (id) the previous storm claim gave a share (`ClaimMemo.runCursor`; 0 for none). `rdc` the
 * collections with due runs, at most `collectionsPerClaim($2)`, in rotation from the one after $5
 * (as `selectDueRunCollections`); `rsh` each one's first
 * `ceil($2 / collections)` due runs, locked, skipping rows another node holds; `rpk` those taken
 * round-robin, at most $2; `rdo` the rest of $2 in due order (rows `claimStart` locked in this
 * transaction are not skipped). Answers the leased runs as `claimStart` answers its 'run' rows,
 * then one row of kind 'cursor' (`r.cursor`: the next storm claim's $5, `nextCursor` in
 * engine-fair.ts: the last collection of `rdc` in rotation order, or the end of the window when it
 * found fewer; null when none had due runs and the window held every collection).
 */
const LEASE_RUN_SHARES = `WITH rdc AS MATERIALIZED (${collectionsInRotation(HAS_DUE_RUN, collectionsPerClaimSql('$2'), BIG('$5'))}),
    rsh AS MATERIALIZED (SELECT p.* FROM rdc CROSS JOIN LATERAL (SELECT y.id, y.collection_id, y.wake_at,
        y.lease_token, y.lease_owner FROM runs y WHERE y.collection_id = rdc.id AND y.wake_at <= $1
        ORDER BY y.wake_at
        LIMIT CEIL(CAST($2 AS numeric) / NULLIF(CAST((SELECT COUNT(*) FROM rdc) AS numeric), 0))
        FOR UPDATE OF y SKIP LOCKED) p),
    rpk AS MATERIALIZED (SELECT id, wake_at, lease_token, lease_owner FROM (SELECT *,
        row_number() OVER (PARTITION BY collection_id ORDER BY wake_at, id) AS rank FROM rsh) x
      ORDER BY rank, wake_at, id LIMIT ${BIG('$2')}),
    rdo AS MATERIALIZED (SELECT r.id, r.wake_at, r.lease_token, r.lease_owner FROM runs r
      WHERE r.wake_at <= $1 AND ${RUN_NOT_SUSPENDED} AND r.id NOT IN (SELECT id FROM rpk) ORDER BY r.wake_at
      LIMIT GREATEST(${BIG('$2')} - (SELECT COUNT(*) FROM rpk), 0) FOR UPDATE OF r SKIP LOCKED),
    ${leaseRuns('(SELECT * FROM rpk UNION ALL SELECT * FROM rdo)')}
  SELECT 'run' AS kind, row_to_json(x) AS r FROM (${LEASED_RUN_ROWS}) x
  UNION ALL
  SELECT 'cursor', json_build_object('cursor', ${nextCursor('rdc', collectionsPerClaimSql('$2'), BIG('$5'))})`;

/**
 * PostgreSQL's claim (verbs/engine-claim-pg.ts) takes the shares with `leaseRunShares` alone;
 * `selectDueRunShares` serves SQLite's claim only.
 */
export const RUN_SHARES_POSTGRES_QUERIES = {
  leaseRunShares: LEASE_RUN_SHARES,
} as const;
