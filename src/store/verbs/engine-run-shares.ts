import type { EpochMs } from '../../domain/time.js';
import { all, type Program, type Row } from '../program.js';
import { num } from '../rows/values.js';
import { collectionsPerClaim } from '../sql/engine-fair.js';
import { nothingToShare, roundRobin, topUp, walkedTo, type ClaimMemo } from './engine-fair-share.js';

/**
 * The due runs (retries, redeliveries) one claim leases, at most `want` (docs/engine.md,
 * "Fairness"). `due`: the first due runs in due order, one more than the claim could take when
 * that many are due.
 *
 * Common case, every due run fits: all of `due`. More due than `want` (a storm of one collection's
 * retries, a dead node's redeliveries): the collections with due runs take part in rotation, at
 * most `collectionsPerClaim(want)` per claim from the one after the previous storm claim's last
 * (`memo.runCursor`), as the jobs' shares do (engine-fair-share.ts); each gets `ceil(want / taking
 * part)` of its earliest due runs, taken round-robin; places a collection does not need go to
 * `due` in due order. So one collection's storm delays another collection's retries by at most one
 * claim while at most `collectionsPerClaim(want)` collections have due runs, and by one rotation beyond.
 */
export function* leasableRuns(
  now: EpochMs,
  want: number,
  due: readonly Row[],
  memo: ClaimMemo,
): Program<readonly Row[]> {
  if (due.length <= want) return due;
  if (want <= 0) return [];
  const turn = collectionsPerClaim(want);
  const collections = yield* all('selectDueRunCollections', now, turn, memo.runCursor ?? 0);
  const walked = yield* walkedTo(collections, turn, memo.runCursor);
  memo.runCursor = walked.cursor;
  if (nothingToShare(collections, turn, walked)) return due.slice(0, want);
  const share = Math.ceil(want / collections.length);
  const ids = JSON.stringify(collections.map((c) => num(c, 'id')));
  const picks = roundRobin(yield* all('selectDueRunShares', now, share, ids), want, 'wake_at');
  if (picks.length < want) topUp(picks, due, want, 'run_id');
  return picks;
}
