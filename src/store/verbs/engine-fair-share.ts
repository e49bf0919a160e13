import type { EpochMs } from '../../domain/time.js';
import { all, get, type Program, type Row } from '../program.js';
import { flag, num } from '../rows/values.js';
import { collectionsPerClaim } from '../sql/engine-fair.js';

/**
 * What the previous claim of this store saw, kept between claims (sql-store.ts). Only a hint for
 * the cheaper path: while a backlog lasts, the claim goes straight to the shares instead of first
 * reading a due-order batch it would mostly not take.
 */
export interface ClaimMemo {
  backlog: boolean;
  /**
   * Which side the odd place of a claim goes to while due runs and due jobs compete (`runShare`,
   * engine-claim-verbs.ts); it alternates, so a claim of one place is not always a run's.
   */
  oddToJobs?: boolean;
  /**
   * Where the previous backlog claim's walk over the collections ended (id; `nextCursor`): the
   * next claim starts after it.
   */
  cursor?: number;
  /** The same for the due runs' shares in a storm of due runs (engine-run-shares.ts). */
  runCursor?: number;
}

/**
 * The due jobs one claim round takes, at most `want` (docs/engine.md, "Fairness").
 *
 * Common case, a due backlog that fits one batch: the first `want + 1` due jobs in due order, one
 * select as before; fewer than `want + 1` rows means every due job is in it, nothing to share.
 *
 * Backlog (more due jobs than the batch): the running collections with due jobs take part in
 * rotation, at most `collectionsPerClaim(want)` per claim (10 for claims of 10 to 100 places, more
 * for bigger ones, `want` for smaller), from the one after the previous claim's
 * last (`memo.cursor`, by collection id, wrapping round), found among the next `WALK_PER_TURN`
 * collections per collection taking part at most (sql/engine-fair.ts). Each gets a share of
 * `ceil(want / taking part)` of its first due jobs, taken round-robin (every collection's first,
 * then every collection's second, …, earliest due first within a rank); places a collection does
 * not need go to the due-order batch. So a burst in one collection holds back another collection's
 * due jobs for at most one rotation, `ceil(collections / collectionsPerClaim(want))` claims (one
 * claim while at most 10 collections are due, at a batch of 100) plus one claim per window of idle
 * collections passed over, and within a collection the jobs
 * still start in due order (its rows are a prefix of its due jobs).
 */
export function* selectClaimableJobs(now: EpochMs, want: number, memo: ClaimMemo): Program<readonly Row[]> {
  let batch: readonly Row[] | undefined;
  if (!memo.backlog) {
    batch = yield* all('selectDueJobs', now, flag(false), want + 1);
    if (batch.length <= want) return batch;
  }
  const rows = yield* fairShare(now, want, batch, memo);
  memo.backlog = rows.length >= want;
  return rows;
}

/** `batch`: the full due-order rows when the common path already read them. */
function* fairShare(
  now: EpochMs,
  want: number,
  batch: readonly Row[] | undefined,
  memo: ClaimMemo,
): Program<readonly Row[]> {
  const turn = collectionsPerClaim(want);
  const collections = yield* all('selectDueCollections', now, flag(false), turn, memo.cursor ?? 0);
  const walked = yield* walkedTo(collections, turn, memo.cursor);
  memo.cursor = walked.cursor;
  if (nothingToShare(collections, turn, walked))
    return batch?.slice(0, want) ?? (yield* all('selectDueJobs', now, flag(false), want));
  const share = Math.ceil(want / collections.length);
  const ids = JSON.stringify(collections.map((c) => num(c, 'id')));
  const picks = roundRobin(yield* all('selectDueJobShares', now, share, ids), want);
  if (picks.length < want)
    topUp(picks, batch ?? (yield* all('selectDueJobIds', now, flag(false), want)), want);
  const full = new Map<number, Row>((batch ?? []).map((r) => [num(r, 'job_pk'), r]));
  const missing = picks.map((p) => num(p, 'job_pk')).filter((id) => !full.has(id));
  if (missing.length > 0)
    for (const r of yield* all('selectJobsByIds', JSON.stringify(missing))) full.set(num(r, 'job_pk'), r);
  return picks.flatMap((p): Row[] => {
    const row = full.get(num(p, 'job_pk'));
    return row ? [row] : [];
  });
}

/** Where the next claim's walk starts, and whether this one saw every collection. */
export interface Walked {
  readonly cursor: number | undefined;
  /**
   * The walk looked at every collection (its window held them all, or it found all it takes):
   * a single collection found is then the only one due, whose due order is the claim.
   */
  readonly sawAll: boolean;
}

/**
 * Where the next claim's walk starts (`nextCursor` in sql/engine-fair.ts, which PostgreSQL's claim
 * statements compute themselves): after the last collection taking part when all `turn` were found;
 * else after the window this claim looked at, when it was full, so the next claim looks at the next
 * collections instead of the same idle ones; else (the window held every collection) as found.
 */
export function* walkedTo(taking: readonly Row[], turn: number, cursor: number | undefined): Program<Walked> {
  if (taking.length < turn) {
    const end = (yield* get('selectRotationWindowEnd', turn, cursor ?? 0))?.['id'];
    if (typeof end === 'number') return { cursor: end, sawAll: false };
  }
  const last = taking[taking.length - 1];
  return { cursor: last === undefined ? cursor : num(last, 'id'), sawAll: true };
}

/**
 * Whether a walk that found `taking` collections leaves nothing to share: none found, or one found
 * by a walk that saw every collection (a claim with room for several; a claim of one place takes
 * one collection's earliest due work, the next claim the next collection's). One found in a window
 * of many idle collections gets its share: others may be due beyond the window, ahead of it in due
 * order, and it would wait for them.
 */
export const nothingToShare = (taking: readonly Row[], turn: number, walked: Walked): boolean =>
  taking.length === 0 || (taking.length === 1 && turn > 1 && walked.sawAll);

/**
 * `shares` (by collection, each in due order) by rank then due time (`dueKey`), at most `want`.
 * Jobs sort by `next_due_at`, runs (engine-run-shares.ts) by `wake_at`.
 */
export function roundRobin(shares: readonly Row[], want: number, dueKey = 'next_due_at'): Row[] {
  const ranked: { row: Row; rank: number; due: number }[] = [];
  let rank = 0;
  let collection = NaN;
  for (const row of shares) {
    const id = num(row, 'collection_id');
    rank = id === collection ? rank + 1 : 0;
    collection = id;
    ranked.push({ row, rank, due: num(row, dueKey) });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.due - b.due);
  return ranked.slice(0, want).map((r) => r.row);
}

/** Fills `picks` up to `want` from `fill` (due order), skipping rows already picked (by `idKey`). */
export function topUp(picks: Row[], fill: readonly Row[], want: number, idKey = 'job_pk'): void {
  const taken = new Set(picks.map((r) => r[idKey]));
  for (const row of fill) {
    if (picks.length >= want) return;
    if (!taken.has(row[idKey])) picks.push(row);
  }
}
