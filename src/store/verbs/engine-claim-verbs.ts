import type { HistoryEntry } from '../../domain/history.js';
import type { Job, JobAction } from '../../domain/job.js';
import type { OccurrencePlan, OccurrencePlanner } from '../../domain/occurrence.js';
import type { ClaimedRun, Lease } from '../../domain/occurrence-outcome.js';
import type { SealedSecret } from '../../domain/secret.js';
import type { EpochMs } from '../../domain/time.js';
import { all, run, runRows, type Program, type Row } from '../program.js';
import type { AdvancedJobRow, HistoryRow, NewRunRow } from '../sql/engine-bulk.js';
import { toJob } from '../rows/job-rows.js';
import { selectClaimableJobs, type ClaimMemo } from './engine-fair-share.js';
import { leasableRuns } from './engine-run-shares.js';
import { bool, flag, num, opt, optStr, str } from '../rows/values.js';

/** Bounds the job selects of one claim (jobs whose missed occurrences were skipped start nothing). */
export const MAX_JOB_SELECTS = 8;

export function toClaimedRun(r: Row, leaseToken: number): ClaimedRun {
  return {
    runId: str(r, 'run_id'),
    leaseToken,
    job: {
      subscriptionId: str(r, 'subscription_id'),
      cloudService: str(r, 'cloud_service_name'),
      collection: str(r, 'collection_name'),
      jobId: str(r, 'job_name'),
    },
    region: str(r, 'geo_region'),
    executionTag: str(r, 'execution_tag'),
    dueAt: num(r, 'due_at'),
    repeatCount: num(r, 'repeat_count'),
    retryCount: num(r, 'retry_count'),
    actionName: str(r, 'action_name') as ClaimedRun['actionName'],
    action: JSON.parse(str(r, 'action')) as JobAction<SealedSecret>,
    isFinal: bool(r, 'is_final'),
    attemptAt: num(r, 'attempt_at'),
    // A due run still naming an owner is an expired lease being taken over.
    ...(optStr(r, 'lease_owner') !== undefined ? { reclaimed: true } : {}),
  };
}

/**
 * Due runs (retries, redeliveries) get at most half of a claim when due jobs are waiting: the rest
 * of a batch they would fill goes to the jobs' fair shares (docs/engine.md, "Fairness"), so a
 * storm of one collection's retries cannot hold back every collection's new occurrences. Places
 * the jobs do not need go back to the runs. An odd place goes to the runs and the jobs in turn
 * (`memo.oddToJobs`), so claims of one place (an engine with few slots) alternate too.
 */
export function runShare(limit: number, memo: ClaimMemo): number {
  const half = Math.floor(limit / 2);
  return memo.oddToJobs === true ? half : limit - half;
}

/** After a claim: once the side that had the odd place has used it, the other side gets the next. */
export function shareUsed(memo: ClaimMemo, limit: number, runs: number, jobs: number): void {
  if (limit % 2 === 0) return;
  const used = memo.oddToJobs === true ? jobs : runs;
  if (used > Math.floor(limit / 2)) memo.oddToJobs = memo.oddToJobs !== true;
}

/**
 * One transaction: leases due runs (new attempts and expired leases of other nodes: redelivery
 * with the same tag and retry count), and starts due occurrences of enabled jobs through
 * `planner`, at most `limit` runs in all, due runs first (`runShare`). `newRunId` names the run
 * rows it creates; `memo` carries whether the previous claim met a due backlog
 * (engine-fair-share.ts).
 */
export function* claimDue(
  now: EpochMs,
  limit: number,
  lease: Lease,
  planner: OccurrencePlanner,
  newRunId: () => string,
  memo: ClaimMemo = { backlog: false },
): Program<ClaimedRun[]> {
  // One more than the claim can take: whether more runs are due than it leases (leasableRuns).
  const due = yield* all('selectDueRuns', now, limit + 1);
  const jobRoom = limit - Math.min(due.length, runShare(limit, memo));
  const started: ClaimedRun[] = [];
  // A selected job always leaves the due set (its next due time moves past now), so selecting
  // again finds only jobs not yet seen.
  for (let i = 0; i < MAX_JOB_SELECTS && started.length < jobRoom; i++) {
    const want = jobRoom - started.length;
    const jobs = yield* selectClaimableJobs(now, want, memo);
    const writes: Writes = { jobs: [], runs: [], history: [] };
    for (const row of jobs) {
      const occurrence = startOccurrence(row, now, lease, planner, newRunId, writes);
      if (occurrence) started.push(occurrence);
    }
    if (writes.jobs.length > 0) yield* runRows('advanceJobs', writes.jobs);
    if (writes.history.length > 0) yield* runRows('insertHistoryRows', writes.history);
    if (writes.runs.length > 0) yield* runRows('insertRuns', writes.runs);
    if (jobs.length < want) break;
  }
  const runs = yield* leasableRuns(now, limit - started.length, due, memo);
  shareUsed(memo, limit, runs.length, started.length);
  if (runs.length > 0)
    yield* run('leaseRuns', lease.owner, lease.until, JSON.stringify(runs.map((r) => str(r, 'run_id'))));
  const out = runs.map((r) => toClaimedRun(r, num(r, 'lease_token') + 1));
  for (const s of started) out.push(s);
  return out;
}

/** Rows of one claim round, written with one statement each. */
export interface Writes {
  readonly jobs: AdvancedJobRow[];
  readonly runs: NewRunRow[];
  readonly history: HistoryRow[];
}

/** A planner that throws (a schedule that cannot be computed) must not block every other job. */
function safePlan(
  planner: OccurrencePlanner,
  job: Job,
  now: EpochMs,
): { plan: OccurrencePlan; error?: string } {
  try {
    return { plan: planner(job, now) };
  } catch (err) {
    const { nextDueAt: _n, ...schedule } = job.schedule;
    const reason = err instanceof Error ? err.message : String(err);
    return { plan: { state: 'faulted', schedule, counters: job.counters, finishedAt: now }, error: reason };
  }
}

/** A history entry the claim writes itself (postponed occurrences, a faulted schedule). */
function markerRow(
  at: { jobPk: number; now: EpochMs; state: HistoryRow['state'] },
  entry: {
    message: string;
    status: HistoryEntry['status'];
    dueAt: EpochMs;
    repeatCount: number;
    tag: string;
  },
): HistoryRow {
  return {
    job_id: at.jobPk,
    timestamp: at.now,
    start_time: at.now,
    end_time: at.now,
    expected_execution_time: entry.dueAt,
    state: at.state,
    status: entry.status,
    message: entry.message,
    retry_count: 0,
    repeat_count: entry.repeatCount,
    action_name: 'MainAction',
    execution_tag: entry.tag,
  };
}

export function startOccurrence(
  row: Row,
  now: EpochMs,
  lease: Lease,
  planner: OccurrencePlanner,
  newRunId: () => string,
  writes: Writes,
): ClaimedRun | undefined {
  const job = toJob(row);
  const jobPk = num(row, 'job_pk');
  const { plan, error } = safePlan(planner, job, now);
  const s = plan.schedule;
  writes.jobs.push({
    id: jobPk,
    state: plan.state,
    execution_count: plan.counters.executionCount,
    series_count: s.seriesCount,
    repeat_count: s.repeatCount,
    next_due_at: opt(s.nextDueAt),
    last_execution_time: opt(s.lastExecutionTime),
    finished_at: opt(plan.finishedAt),
  });
  const marker = (
    message: string,
    status: HistoryEntry['status'],
    dueAt: EpochMs,
    repeatCount: number,
    tag: string,
  ): HistoryRow => markerRow({ jobPk, now, state: plan.state }, { message, status, dueAt, repeatCount, tag });
  if (error !== undefined) {
    const message = `Takt - The next occurrence of this job could not be computed (${error}); the job is faulted.`;
    writes.history.push(
      marker(message, 'failed', job.schedule.nextDueAt ?? now, job.schedule.repeatCount, ''),
    );
    return undefined;
  }
  const o = plan.occurrence;
  if (!o) return undefined;
  if (o.postponed)
    writes.history.push(marker(o.postponed.message, 'postponed', o.dueAt, o.repeatCount, o.executionTag));
  const runId = newRunId();
  const action = job.definition.action;
  writes.runs.push({
    id: runId,
    job_id: jobPk,
    collection_id: num(row, 'collection_id'),
    execution_tag: o.executionTag,
    due_at: o.dueAt,
    repeat_count: o.repeatCount,
    attempt_at: now,
    wake_at: lease.until,
    lease_owner: lease.owner,
    lease_until: lease.until,
    lease_token: 1,
    series_started_at: job.schedule.seriesStartedAt,
    is_final: flag(o.isFinal),
    created_at: now,
  });
  return {
    runId,
    leaseToken: 1,
    job: job.ref,
    region: str(row, 'geo_region'),
    executionTag: o.executionTag,
    dueAt: o.dueAt,
    repeatCount: o.repeatCount,
    retryCount: 0,
    actionName: 'MainAction',
    action,
    isFinal: o.isFinal,
    attemptAt: now,
  };
}
