import type { Job, JobAction, JobCounters, JobRef, JobSchedule, JobState } from '../../domain/job.js';
import type { NewOccurrence } from '../../domain/occurrence.js';
import {
  finishedJobState,
  type HistoryRetention,
  type Lease,
  type RunOutcome,
} from '../../domain/occurrence-outcome.js';
import type { SealedSecret } from '../../domain/secret.js';
import type { EpochMs } from '../../domain/time.js';
import { StoreConflict, type RecentHistory } from '../../ports/store.js';
import { all, get, run, runRowsAhead, type Program, type Row } from '../program.js';
import type {
  HistoryRow,
  JobCountersRow,
  JobOutcomeRow,
  NextAttemptRow,
  RunIdRow,
} from '../sql/engine-bulk.js';
import { extend } from '../../domain/extend.js';
import { toJob } from '../rows/job-rows.js';
import { bool, flag, nameKey, num, opt, optNum, optStr, str, subKey } from '../rows/values.js';
import { NO_LIMIT } from '../sql/queries.js';
import { slotShardOf } from './job-slots.js';

/**
 * Store verbs of the execution engine (docs/engine.md). Each is one program, so each batch is one
 * transaction on both dialects.
 */

/** Sorted due times (jobs of running collections, attempts, expired leases) up to `until`. */
export function* peekDue(until: EpochMs, limit: number): Program<EpochMs[]> {
  const jobs = yield* all('peekJobsDue', until, flag(false), limit);
  const runs = yield* all('peekRunsDue', until, limit);
  return [...jobs, ...runs]
    .map((r) => num(r, 't'))
    .sort((a, b) => a - b)
    .slice(0, limit);
}

export interface RunInsert {
  readonly runId: string;
  readonly jobPk: number;
  readonly occurrence: NewOccurrence;
  readonly action: JobAction<SealedSecret>;
  readonly seriesStartedAt: EpochMs;
  readonly now: EpochMs;
  readonly lease?: Lease;
}

export function* insertRunRow(x: RunInsert): Program<void> {
  const o = x.occurrence;
  yield* run(
    'insertRun',
    x.runId,
    x.jobPk,
    o.executionTag,
    o.dueAt,
    o.repeatCount,
    x.now,
    x.lease ? x.lease.until : x.now,
    x.lease ? x.lease.owner : null,
    x.lease ? x.lease.until : null,
    x.lease ? 1 : 0,
    JSON.stringify(x.action),
    x.seriesStartedAt,
    flag(o.isFinal),
    x.now,
  );
}

/** A job's fields as an outcome batch changes them, in memory until the one bulk write. */
interface JobDraft {
  state: JobState;
  finishedAt: EpochMs | undefined;
  lastOutcome: string | undefined;
  failureDelta: number;
  faultedDelta: number;
  /** This batch finished the job (its state and finished time change). */
  finished: boolean;
  changed: boolean;
  readonly nextDueAt: EpochMs | undefined;
  readonly seriesStartedAt: EpochMs;
}

/**
 * One transaction for a batch of outcomes. Each is fenced by (run id, lease token): an outcome
 * whose run was claimed again since (or deleted with its job) changes nothing. Returns the ids of
 * the outcomes that were ignored as stale. Set-based: one select, then at most five statements.
 */
export function* recordOutcomes(batch: readonly RunOutcome[]): Program<string[]> {
  if (batch.length === 0) return [];
  const found = yield* all('selectOutcomeRuns', JSON.stringify(batch.map((o) => o.runId)));
  const runs = new Map(found.map((r) => [str(r, 'run_id'), r]));
  const jobs = new Map<number, JobDraft>();
  const stale: string[] = [];
  const history: HistoryRow[] = [];
  const reschedule: NextAttemptRow[] = [];
  const finished: RunIdRow[] = [];
  for (const o of batch) {
    const r = runs.get(o.runId);
    if (!r || num(r, 'lease_token') !== o.leaseToken) {
      stale.push(o.runId);
      continue;
    }
    runs.delete(o.runId); // a run is recorded once per batch
    const jobPk = num(r, 'job_pk');
    let job = jobs.get(jobPk);
    if (!job) {
      job = jobDraft(r);
      jobs.set(jobPk, job);
    }
    const d = o.decision;
    applyDecision(job, o, r);
    history.push(historyRow(jobPk, job, o, r));
    // A job disabled meanwhile retries nothing more; but an occurrence that has faulted (and was
    // counted so) still gets its error action, the user's alarm (docs/engine.md).
    if (d.next && (job.state !== 'disabled' || d.next.actionName === 'ErrorAction'))
      reschedule.push({
        id: o.runId,
        retry_count: d.next.retryCount,
        action_name: d.next.actionName,
        attempt_at: d.next.at,
      });
    else finished.push({ id: o.runId });
  }
  // A job the batch finished gets its final state too; the others only their counters (engine-bulk.ts).
  const counted: JobCountersRow[] = [];
  const finishedJobs: JobOutcomeRow[] = [];
  for (const [id, j] of jobs) {
    if (!j.changed) continue;
    const row = {
      id,
      failure_delta: j.failureDelta,
      faulted_delta: j.faultedDelta,
      last_outcome: j.lastOutcome ?? null,
    };
    if (j.finished) finishedJobs.push(extend(row, { state: j.state, finished_at: j.finishedAt ?? null }));
    else counted.push(row);
  }
  // Nothing below reads an answer: on PostgreSQL the writes and the COMMIT go out together.
  if (counted.length > 0) yield* runRowsAhead('applyOutcomeCounters', counted);
  if (finishedJobs.length > 0) yield* runRowsAhead('applyOutcomes', finishedJobs);
  if (history.length > 0) yield* runRowsAhead('insertHistoryRows', history);
  if (reschedule.length > 0) yield* runRowsAhead('rescheduleRuns', reschedule);
  if (finished.length > 0) yield* runRowsAhead('deleteRuns', finished);
  return stale;
}

/** The job of an outcome's run as the batch starts changing it. */
function jobDraft(r: Row): JobDraft {
  return {
    state: str(r, 'state') as JobState,
    finishedAt: optNum(r, 'finished_at'),
    lastOutcome: optStr(r, 'last_outcome'),
    failureDelta: 0,
    faultedDelta: 0,
    finished: false,
    changed: false,
    nextDueAt: optNum(r, 'next_due_at'),
    seriesStartedAt: num(r, 'job_series_started_at'),
  };
}

/** What one outcome does to its job: finish it (the domain's rule), its last outcome, its counters. */
function applyDecision(job: JobDraft, o: RunOutcome, r: Row): void {
  const d = o.decision;
  const finalState = finishedJobState(
    d,
    { isFinal: bool(r, 'is_final'), seriesStartedAt: num(r, 'run_series_started_at') },
    job,
  );
  if (finalState) {
    job.state = finalState;
    job.finishedAt = o.recordedAt;
    job.finished = true;
    job.changed = true;
  }
  // A recurring job that keeps succeeding (or failing) keeps its last outcome: its row is not
  // written again (one UPDATE and one dirtied page less per execution, docs/engine.md).
  if (d.mainOutcome && d.mainOutcome !== job.lastOutcome) {
    job.lastOutcome = d.mainOutcome;
    job.changed = true;
  }
  if (d.failureDelta || d.faultedDelta) {
    job.failureDelta += d.failureDelta;
    job.faultedDelta += d.faultedDelta;
    job.changed = true;
  }
}

function historyRow(jobPk: number, job: JobDraft, o: RunOutcome, r: Row): HistoryRow {
  return {
    job_id: jobPk,
    timestamp: o.recordedAt,
    start_time: o.attempt.startedAt,
    end_time: o.attempt.endedAt,
    expected_execution_time: num(r, 'due_at'),
    state: job.state,
    status: o.decision.status,
    message: o.attempt.message,
    retry_count: o.attempt.retryCount,
    repeat_count: num(r, 'repeat_count'),
    action_name: o.attempt.actionName,
    execution_tag: str(r, 'execution_tag'),
  };
}

/** Renews the lease of runs still held by `owner`; answers the ids it still holds. */
export function* extendLeases(owner: string, runIds: readonly string[], until: EpochMs): Program<string[]> {
  if (runIds.length === 0) return [];
  const rows = yield* all('extendLeases', owner, until, JSON.stringify(runIds));
  return rows.map((r) => str(r, 'id'));
}

/** Releases every lease of `owner` (graceful shutdown); answers how many. */
export function* releaseLeases(owner: string): Program<number> {
  return yield* run('releaseLeases', owner);
}

/**
 * One step of the history retention sweep: the next `jobs` jobs after `cursor` (a job's internal
 * id, 0 to start). Answers the rows deleted and the cursor to continue from (absent: sweep done).
 */
export function* pruneHistory(
  retention: HistoryRetention,
  step: { readonly cursor: number; readonly jobs: number },
): Program<{ deleted: number; cursor?: number }> {
  const ids = (yield* all('selectJobIdsAfter', step.cursor, step.jobs)).map((r) => num(r, 'id'));
  const deleted = yield* pruneJobs(retention, ids);
  const last = ids[ids.length - 1];
  return ids.length < step.jobs || last === undefined ? { deleted } : { deleted, cursor: last };
}

/** Applies both retention rules to the given jobs (internal ids); answers the rows deleted. */
function* pruneJobs(retention: HistoryRetention, jobIds: readonly number[]): Program<number> {
  let deleted = 0;
  for (const id of jobIds) {
    deleted += yield* run('deleteOldHistoryOfJob', id, retention.olderThan);
    deleted += yield* run('trimHistoryOfJob', id, retention.maxEntriesPerJob, NO_LIMIT);
  }
  return deleted;
}

/**
 * The history mark now, and the jobs with entries recorded after `afterMark` — the only jobs whose
 * entry count can have grown since that mark was read — with the number of those entries.
 */
export function* recentHistoryJobs(afterMark: number): Program<RecentHistory> {
  const row = yield* get('selectHistoryMark');
  const mark = row ? num(row, 'mark') : 0;
  if (mark <= afterMark) return { mark, jobs: [] };
  const rows = yield* all('selectHistoryCountsAfter', afterMark, mark);
  return { mark, jobs: rows.map((r) => ({ id: num(r, 'id'), entries: num(r, 'entries') })) };
}

/** The count rule alone for the given jobs (internal ids): each keeps its newest `maxEntriesPerJob`. */
export function* trimHistoryOf(maxEntriesPerJob: number, jobIds: readonly number[]): Program<number> {
  let deleted = 0;
  for (const id of jobIds) deleted += yield* run('trimHistoryOfJob', id, maxEntriesPerJob, NO_LIMIT);
  return deleted;
}

/**
 * Deletes up to `limit` jobs that finished before `before`, with their history; answers how many.
 * Their collections are locked first (collection -> job, the order of every job delete) and each
 * job's counter shard drops by the jobs it lost.
 */
export function* deleteFinishedJobs(before: EpochMs, limit: number): Program<number> {
  const victims = yield* all('selectFinishedJobs', before, limit);
  if (victims.length === 0) return 0;
  const collections = [...new Set(victims.map((r) => num(r, 'collection_id')))];
  yield* all('lockCollectionsByIds', JSON.stringify(collections));
  const ids = JSON.stringify(victims.map((r) => num(r, 'job_pk')));
  const deleted = yield* all('deleteFinishedJobsByIds', ids, before);
  const lost = new Map<string, { collection: number; shard: number; n: number }>();
  for (const r of deleted) {
    const collection = num(r, 'collection_id');
    const shard = slotShardOf(num(r, 'id'));
    const key = `${collection}:${shard}`;
    const entry = lost.get(key) ?? { collection, shard, n: 0 };
    entry.n += 1;
    lost.set(key, entry);
  }
  for (const { collection, shard, n } of lost.values()) yield* run('adjustJobSlot', collection, shard, -n);
  return deleted.length;
}

/**
 * Run-now: starts an extra occurrence of the job at once (free, due now), guarded by the job's
 * version like every API write. `plan` computes the job's new counters from the stored job.
 */
export function* startExtraRun(
  ref: JobRef,
  runId: string,
  now: EpochMs,
  plan: (job: Job) => {
    readonly counters: JobCounters;
    readonly schedule: JobSchedule;
    readonly occurrence: NewOccurrence;
  },
): Program<{ readonly executionTag: string; readonly repeatCount: number }> {
  const row = yield* get(
    'selectJobForExtraRun',
    subKey(ref.subscriptionId),
    nameKey(ref.cloudService),
    nameKey(ref.collection),
    nameKey(ref.jobId),
  );
  if (!row)
    throw new StoreConflict(
      'missing',
      `job ${ref.cloudService}/${ref.collection}/${ref.jobId} does not exist`,
    );
  const job = toJob(row);
  const jobPk = num(row, 'job_pk');
  const p = plan(job);
  const n = yield* run(
    'bumpJobForExtraRun',
    jobPk,
    job.version,
    p.counters.executionCount,
    p.schedule.repeatCount,
    opt(p.schedule.lastExecutionTime),
  );
  if (n === 0) throw new StoreConflict('version', `job ${ref.jobId} changed`);
  yield* insertRunRow({
    runId,
    jobPk,
    occurrence: p.occurrence,
    action: job.definition.action,
    seriesStartedAt: job.schedule.seriesStartedAt,
    now,
  });
  return { executionTag: p.occurrence.executionTag, repeatCount: p.occurrence.repeatCount };
}
