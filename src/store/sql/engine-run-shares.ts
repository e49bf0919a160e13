/**
 * Due runs (retries, redeliveries) shared per collection (docs/engine.md, "Fairness";
 * verbs/engine-run-shares.ts). Only used while more runs are due than a claim takes. Each select
 * costs one seek per collection in `runs_due_by_collection` (collection, wake time), never a walk
 * over the due runs.
 */
import { JOIN_PARENTS, RUN_COLUMNS } from './engine-columns.js';

/**
 * The collections with due runs, earliest first, at most $2. MATERIALIZED: each collection's first
 * wake time is looked up once (inlined, SQLite would look it up again for the ORDER BY).
 */
const SELECT_DUE_RUN_COLLECTIONS = `WITH x AS MATERIALIZED (SELECT c.id,
      (SELECT MIN(y.wake_at) FROM runs y WHERE y.collection_id = c.id) AS due FROM job_collections c)
  SELECT x.id FROM x WHERE x.due <= $1 ORDER BY x.due, x.id LIMIT $2`;

/** The first $2 due runs of collection `cid`, in due order: its share of a claim. */
const FIRST_DUE_OF = (cid: string): string => `SELECT y.id FROM runs y
      WHERE y.collection_id = ${cid} AND y.wake_at <= $1 ORDER BY y.wake_at LIMIT $2`;

/** Full claim rows (selectDueRuns' columns) with the collection and wake time the shares sort by. */
const SHARE_COLUMNS = `${RUN_COLUMNS}, r.collection_id, r.wake_at`;

export const RUN_SHARES_QUERIES = {
  selectDueRunCollections: SELECT_DUE_RUN_COLLECTIONS,
  /** $3: JSON array of collection ids. By collection, then in due order. */
  selectDueRunShares: `SELECT ${SHARE_COLUMNS} FROM json_each($3) e
    JOIN runs r ON r.id IN (${FIRST_DUE_OF('e.value')})
    JOIN jobs j ON j.id = r.job_id ${JOIN_PARENTS}
    ORDER BY r.collection_id, r.wake_at, r.id`,
} as const;

/** PostgreSQL: the shares lock what they answer, skipping rows another node holds. */
export const RUN_SHARES_POSTGRES_QUERIES = {
  selectDueRunShares: `SELECT ${SHARE_COLUMNS}
    FROM (SELECT CAST(jsonb_array_elements_text(CAST($3 AS jsonb)) AS bigint) AS cid) e
    CROSS JOIN LATERAL (${FIRST_DUE_OF('e.cid')} FOR UPDATE SKIP LOCKED) p
    JOIN runs r ON r.id = p.id JOIN jobs j ON j.id = r.job_id ${JOIN_PARENTS}
    ORDER BY r.collection_id, r.wake_at, r.id`,
} as const;
