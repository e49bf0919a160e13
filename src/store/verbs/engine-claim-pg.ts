import type { OccurrencePlanner } from '../../domain/occurrence.js';
import type { ClaimedRun, Lease } from '../../domain/occurrence-outcome.js';
import type { EpochMs } from '../../domain/time.js';
import { all, runAhead, type Program, type Row } from '../program.js';
import { flag, num, str } from '../rows/values.js';
import {
  MAX_JOB_SELECTS,
  runShare,
  shareUsed,
  startOccurrence,
  toClaimedRun,
  type Writes,
} from './engine-claim-verbs.js';
import { selectClaimableJobs, type ClaimMemo } from './engine-fair-share.js';

/**
 * The claim on PostgreSQL: what `claimDue` (engine-claim-verbs.ts) does, with the same guarantees,
 * in fewer round trips (docs/engine.md, "The claim on PostgreSQL"). Each statement is a round trip
 * to the server, so the steps SQLite runs one by one in-process are merged:
 *
 * 1. `claimStart` (sql/engine-claim-start.ts): leases the due runs (at most half the batch while
 *    due jobs wait) and locks the claim's due jobs in one statement, the shares of a backlog
 *    included (docs/engine.md, "Fairness"); the memo lets it skip the due-order read while a
 *    backlog lasts. When more runs are due than it can lease, it leases none and
 *    `leaseRunShares` (sql/engine-run-shares.ts) leases them per collection: one more round trip,
 *    only during a storm of due runs. Only a claim whose jobs started nothing (skipped, faulted)
 *    selects again, through engine-fair-share.ts as on SQLite.
 * 2. The planner runs here, in TypeScript: it is what decides each job's occurrence and next due
 *    time, so it must come between reading the locked jobs and writing them.
 * 3. `claimWrites`: advances the jobs, writes the claim's own history rows and inserts the runs,
 *    one statement.
 *
 * All of it in one transaction: the job locks of step 1 are held until the writes of step 3
 * commit, so no other node can start the same occurrence. The runner pipelines BEGIN with step 1
 * and COMMIT with step 3 (`runAhead`): two round trips per claim, backlog or not (three in a storm
 * of due runs).
 */
export function* claimDuePg(
  now: EpochMs,
  limit: number,
  lease: Lease,
  planner: OccurrencePlanner,
  newRunId: () => string,
  memo: ClaimMemo = { backlog: false },
): Program<ClaimedRun[]> {
  const out: ClaimedRun[] = [];
  yield* runAhead('claimPlan');
  const first = yield* all(
    'claimStart',
    now,
    limit,
    lease.owner,
    lease.until,
    flag(false),
    flag(memo.backlog),
    runShare(limit, memo),
    memo.cursor ?? 0,
  );
  const batch: Row[] = [];
  let shared = false;
  let runsWaiting = false;
  for (const x of first) {
    const kind = str(x, 'kind');
    const r = x['r'] as Row;
    if (kind === 'run') out.push(toClaimedRun(r, num(r, 'lease_token') + 1));
    else if (kind === 'job') batch.push(r);
    else if (kind === 'backlog') {
      shared = true;
      const cursor = r['cursor'];
      if (typeof cursor === 'number') memo.cursor = cursor;
    } else runsWaiting = true;
  }
  // More runs due than their places: leased per collection, one more round trip (a storm only).
  if (runsWaiting)
    for (const x of yield* all(
      'leaseRunShares',
      now,
      limit - batch.length,
      lease.owner,
      lease.until,
      memo.runCursor ?? 0,
    )) {
      const r = x['r'] as Row;
      if (str(x, 'kind') === 'run') out.push(toClaimedRun(r, num(r, 'lease_token') + 1));
      else if (typeof r['cursor'] === 'number') memo.runCursor = r['cursor'];
    }
  // The memo as selectClaimableJobs keeps it: a claim that took shares and filled its batch expects
  // the backlog to last.
  if (shared) memo.backlog = batch.length >= limit - out.length;
  shareUsed(memo, limit, out.length, batch.length);
  const writes: Writes = { jobs: [], runs: [], history: [] };
  for (let i = 0; i < MAX_JOB_SELECTS && out.length < limit; i++) {
    const want = limit - out.length;
    // A job whose occurrence started nothing (skipped, faulted) stays due until its advance is
    // written: write before selecting again, so the next select does not find it again.
    if (i > 0) yield* flush(writes);
    const jobs = i === 0 ? batch : yield* selectClaimableJobs(now, want, memo);
    for (const row of jobs) {
      const started = startOccurrence(row, now, lease, planner, newRunId, writes);
      if (started) out.push(started);
    }
    if (jobs.length < want) break;
  }
  yield* flush(writes);
  return out;
}

/**
 * One statement for the jobs' advance, the claim's history rows and the runs; empties `writes`.
 * Its answer is not needed (`runAhead`): the COMMIT, or the next select, goes out right behind it.
 */
function* flush(writes: Writes): Program<void> {
  if (writes.jobs.length === 0 && writes.history.length === 0 && writes.runs.length === 0) return;
  yield* runAhead(
    'claimWrites',
    JSON.stringify(writes.jobs),
    JSON.stringify(writes.history),
    JSON.stringify(writes.runs),
  );
  writes.jobs.length = 0;
  writes.history.length = 0;
  writes.runs.length = 0;
}
