import type { EpochMs } from '../../domain/time.js';
import { all, type Program, type Row } from '../program.js';
import { num } from '../rows/values.js';
import { roundRobin, topUp } from './engine-fair-share.js';

/**
 * The due runs (retries, redeliveries) one claim leases, at most `want` (docs/engine.md,
 * "Fairness"). `due`: the first due runs in due order, one more than the claim could take when
 * that many are due.
 *
 * Common case, every due run fits: all of `due`. More due than `want` (a storm of one collection's
 * retries, a dead node's redeliveries): each collection with due runs gets a share of
 * `ceil(want / collections)` of its earliest due runs, taken round-robin, as the jobs' shares are
 * (engine-fair-share.ts); places a collection does not need go to `due` in due order. So one
 * collection's storm delays another collection's retries by at most one claim.
 */
export function* leasableRuns(now: EpochMs, want: number, due: readonly Row[]): Program<readonly Row[]> {
  if (due.length <= want) return due;
  if (want <= 0) return [];
  const collections = yield* all('selectDueRunCollections', now, want);
  if (collections.length < 2) return due.slice(0, want);
  const share = Math.ceil(want / collections.length);
  const ids = JSON.stringify(collections.map((c) => num(c, 'id')));
  const picks = roundRobin(yield* all('selectDueRunShares', now, share, ids), want, 'wake_at');
  if (picks.length < want) topUp(picks, due, want, 'run_id');
  return picks;
}
