/**
 * The claim's per-collection share (docs/engine.md, "Fairness"; verbs/engine-fair-share.ts). Only
 * used while the due backlog exceeds a claim batch. Every select here costs one index seek per
 * collection in `jobs_due_by_collection` (collection, due time, id), never a walk over the backlog,
 * and the light ones answer only `job_pk, collection_id, next_due_at`: the full rows of the jobs
 * finally picked are read once, by id.
 */
import { collectionRunning } from './collections.js';
import { JOB_COLUMNS, JOIN_PARENTS, dueOrderFrom } from './engine-columns.js';

const LIGHT = `j.id AS job_pk, j.collection_id, j.next_due_at`;

/**
 * The share a collection gets in a big backlog claim: at most `ceil(batch / SHARE_FLOOR)`
 * collections take part in a claim of 100 places or more (`collectionsPerClaim`), in rotation
 * (docs/engine.md, "Fairness"), so each gets about SHARE_FLOOR places. Every collection
 * that takes part writes its own pages of `jobs_due_by_collection`: a share of 1 from each of 100
 * collections wrote 102 of its pages per claim of 100, 133 WAL frames in all (`npm run bench:wal-frames`).
 */
export const SHARE_FLOOR = 10;

/**
 * How many collections take part in a backlog claim (or a storm claim of due runs) of `places`
 * places: `ceil(places / SHARE_FLOOR)`, so a big claim gives shares of about SHARE_FLOOR, but at
 * least `min(places, SHARE_FLOOR)`, so a small one still serves several collections. An engine with
 * few free slots claims a few places at a time and claims again only when an attempt ends: with one
 * collection per small claim, another collection's due work would wait for the slowest attempts of
 * the collection before it (docs/engine.md, "Fairness"). Small claims come when the engine's slots,
 * not SQLite's page writes, bound its rate, so their few extra index pages cost nothing that counts.
 */
export const collectionsPerClaim = (places: number): number =>
  Math.max(Math.ceil(places / SHARE_FLOOR), Math.min(places, SHARE_FLOOR));

/** `collectionsPerClaim` in SQL, of a count of places `n` (PostgreSQL). */
export const collectionsPerClaimSql = (n: string): string =>
  `CAST(GREATEST(CEIL(CAST(${n} AS numeric) / ${SHARE_FLOOR}), LEAST(CAST(${n} AS bigint), ${SHARE_FLOOR})) AS bigint)`;

/**
 * Whether collection `c` has a job due by $1: its first due time, one seek in
 * `jobs_due_by_collection` (`held = FALSE` picks the range of the jobs not held, and the explicit
 * `next_due_at IS NOT NULL` lets the planner use that partial index). A scalar subquery, not
 * EXISTS: PostgreSQL turns an EXISTS into a semi-join, which on a table without statistics read
 * every due job of the backlog to find the collections.
 */
export const HAS_DUE_JOB = `(SELECT MIN(y.next_due_at) FROM jobs y WHERE y.collection_id = c.id
      AND y.state = 'enabled' AND y.held = FALSE AND y.next_due_at IS NOT NULL) <= $1`;

/**
 * How many collections a claim that serves `turn` collections looks at, at most: `WALK_PER_TURN`
 * per collection it serves (500 for a claim of 100 places). A burst in one collection among many
 * idle ones still costs each claim a bounded walk, about five collections per place, instead of one
 * seek per collection of the store; the idle ones are passed over in windows of this size, so a due
 * collection waits at most `ceil(collections / walk)` claims for its turn (docs/engine.md, "Fairness").
 */
export const WALK_PER_TURN = 50;

/**
 * The next `walk` collections in rotation order (`id`, `suspended`, `tenant_disabled`): those after collection id
 * `cursor` (the previous claim's last) first, then from the lowest id on. Both parts read the
 * collections' primary key in order and stop at `walk`; the second runs only when the first found
 * fewer. Nothing here reads a job.
 */
const rotationWindow = (walk: string, cursor: string): string => {
  const part = (
    op: '>' | '<=',
  ): string => `SELECT id, suspended, tenant_disabled FROM (SELECT k.id, k.suspended,
      k.tenant_disabled FROM job_collections k WHERE k.id ${op} ${cursor} ORDER BY k.id LIMIT ${walk})`;
  return `${part('>')} a UNION ALL ${part('<=')} b LIMIT ${walk}`;
};

const walkOf = (turn: string): string => `(${turn}) * ${WALK_PER_TURN}`;

/**
 * The collections matching `where` (over `c`, with `c.id`, `c.suspended` and `c.tenant_disabled`), at most `turn`, in
 * rotation order, among the next `turn * WALK_PER_TURN` collections of the rotation
 * (`rotationWindow`; docs/engine.md, "Fairness"). The window is read lazily and `where` asked of
 * each collection in turn until `turn` match: a claim looks at the collections up to its last one
 * taking part, and never at more than the window. Used for the jobs' shares (both stores) and the
 * due runs' (engine-run-shares.ts).
 */
export const collectionsInRotation = (where: string, turn: string, cursor: string): string =>
  `SELECT c.id FROM (${rotationWindow(walkOf(turn), cursor)}) c WHERE ${where} LIMIT ${turn}`;

/** The last collection of `from` (ids chosen by `collectionsInRotation`) in rotation order. */
const lastInRotation = (from: string, cursor: string): string =>
  `(SELECT id FROM ${from} ORDER BY id <= ${cursor} DESC, id DESC LIMIT 1)`;

/**
 * The last collection of the rotation window (`rotationWindow`) in rotation order when the window
 * is full (`turn * WALK_PER_TURN` collections), else null: where the next claim starts when this
 * one found fewer than `turn` collections taking part, so it looks at the next window instead of
 * this one's idle collections again. One read of the collections' primary key, no job.
 */
const rotationWindowEnd = (turn: string, cursor: string): string => `(SELECT CASE
      WHEN COUNT(*) = ${walkOf(turn)} THEN COALESCE(MAX(CASE WHEN w.id <= ${cursor} THEN w.id END), MAX(w.id)) END
    FROM (${rotationWindow(walkOf(turn), cursor)}) w)`;

/**
 * The next claim's cursor, of `from` (the ids `collectionsInRotation` chose): the last of them
 * when all `turn` were found, else the end of a full window (`rotationWindowEnd`), else (the
 * window held every collection) the last of them; null when none took part and the window held
 * every collection (the cursor stays).
 */
export const nextCursor = (from: string, turn: string, cursor: string): string =>
  `COALESCE(CASE WHEN (SELECT COUNT(*) FROM ${from}) < ${turn} THEN ${rotationWindowEnd(turn, cursor)} END,
    ${lastInRotation(from, cursor)})`;

/** The running collections with due jobs: $1 now, $2 `suspended` (false), $3 how many, $4 the cursor. */
const SELECT_DUE_COLLECTIONS = collectionsInRotation(
  `${collectionRunning('c', '$2')} AND ${HAS_DUE_JOB}`,
  '$3',
  '$4',
);

/**
 * The first $3 due jobs in due order (the due-order part of a backlog claim). On SQLite with its plan
 * fixed, as the claim's `selectDueJobs` (engine.ts).
 */
const selectDueJobIds = (sqlite: boolean): string => `SELECT ${LIGHT}
    FROM ${dueOrderFrom(sqlite, false)}
    WHERE j.state = 'enabled' AND j.held = FALSE AND j.next_due_at <= $1 AND ${collectionRunning('c', '$2')}
    ORDER BY j.next_due_at LIMIT $3`;

/** The first $2 due jobs of collection `cid`, in due order: its share of a claim. */
const FIRST_DUE_OF = (cid: string, columns: string): string => `SELECT ${columns} FROM jobs y
      WHERE y.collection_id = ${cid} AND y.state = 'enabled' AND y.held = FALSE AND y.next_due_at <= $1
      ORDER BY y.next_due_at, y.id LIMIT $2`;

export const ENGINE_FAIR_QUERIES = {
  selectDueCollections: SELECT_DUE_COLLECTIONS,
  /** `rotationWindowEnd` of $1 `turn` and $2 the cursor (both stores; verbs/engine-fair-share.ts). */
  selectRotationWindowEnd: `SELECT ${rotationWindowEnd('$1', '$2')} AS id`,
  selectDueJobIds: selectDueJobIds(true),
  /** $3: JSON array of collection ids. By collection, then in due order. */
  selectDueJobShares: `SELECT ${LIGHT} FROM json_each($3) e
    JOIN jobs j ON j.id IN (${FIRST_DUE_OF('e.value', 'y.id')})
    ORDER BY j.collection_id, j.next_due_at, j.id`,
  /** $1: JSON array of job ids; full claim rows in that order. */
  selectJobsByIds: `SELECT ${JOB_COLUMNS} FROM json_each($1) e JOIN jobs j ON j.id = e.value ${JOIN_PARENTS}
    ORDER BY e.key`,
} as const;

/**
 * PostgreSQL: the light selects lock what they answer, skipping rows another node holds (inside
 * each collection's share, so its next jobs count instead); `selectJobsByIds` reads rows this
 * transaction already locked.
 */
export const ENGINE_FAIR_POSTGRES_QUERIES = {
  selectDueJobIds: `${selectDueJobIds(false)} FOR UPDATE OF j SKIP LOCKED`,
  selectDueJobShares: `SELECT p.id AS job_pk, p.collection_id, p.next_due_at
    FROM (SELECT CAST(jsonb_array_elements_text(CAST($3 AS jsonb)) AS bigint) AS cid) e
    CROSS JOIN LATERAL (${FIRST_DUE_OF('e.cid', 'y.id, y.collection_id, y.next_due_at')} FOR UPDATE SKIP LOCKED) p
    ORDER BY p.collection_id, p.next_due_at, p.id`,
  selectJobsByIds: `SELECT ${JOB_COLUMNS}
    FROM jsonb_array_elements_text(CAST($1 AS jsonb)) WITH ORDINALITY AS e(id, n)
    JOIN jobs j ON j.id = CAST(e.id AS bigint) ${JOIN_PARENTS} ORDER BY e.n`,
} as const;
