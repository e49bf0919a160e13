import type { ActionName, HistoryStatus } from './history.js';
import type { JobAction, JobRef, OccurrenceOutcome } from './job.js';
import { nextRetryAt } from './retry.js';
import type { SealedSecret } from './secret.js';
import type { EpochMs } from './time.js';

/**
 * What one attempt's result does to its occurrence (docs/reference/scheduling-rules.md §5.2–§5.4). Pure.
 *
 * A *run* is an occurrence in progress: it exists from the moment the occurrence starts until its
 * last attempt (main action, retries, error action) is recorded, and carries a snapshot of the
 * action it started with, so writes to the job apply from the next occurrence on (§4.8).
 */

/** A run leased to one engine node; `leaseToken` fences its outcome against a later claim. */
export interface ClaimedRun {
  readonly runId: string;
  readonly leaseToken: number;
  readonly job: JobRef;
  /** The cloud service's GeoRegion. */
  readonly region: string;
  readonly executionTag: string;
  readonly dueAt: EpochMs;
  readonly repeatCount: number;
  readonly retryCount: number;
  readonly actionName: ActionName;
  /** The main action (with its retry policy and error action) as it was when the occurrence started. */
  readonly action: JobAction<SealedSecret>;
  readonly isFinal: boolean;
  /** When this attempt was due (the occurrence's due time for attempt 0, else the retry time). */
  readonly attemptAt: EpochMs;
  /** The claim took over an expired lease (a dead or stalled node's attempt): a redelivery. */
  readonly reclaimed?: boolean;
}

/** How an attempt ended, as the engine saw it. */
export interface AttemptVerdict {
  readonly ok: boolean;
  readonly endedAt: EpochMs;
  /** Retrying cannot help (the stored secrets cannot be decrypted): no further attempt of this action. */
  readonly fatal?: boolean;
}

export interface NextAttempt {
  readonly at: EpochMs;
  readonly retryCount: number;
  readonly actionName: ActionName;
}

export interface OutcomeDecision {
  readonly status: Exclude<HistoryStatus, 'postponed'>;
  readonly failureDelta: 0 | 1;
  readonly faultedDelta: 0 | 1;
  /**
   * Set when the main action's outcome became final with this attempt. It finishes the job when the
   * run is, as stored when the outcome is recorded, the job's final occurrence (finishedJobState).
   */
  readonly mainOutcome?: OccurrenceOutcome;
  /** Absent: the run is over. */
  readonly next?: NextAttempt;
}

/** The decision for one attempt of `run`. */
export function decideOutcome(
  run: Pick<ClaimedRun, 'actionName' | 'retryCount' | 'action'>,
  verdict: AttemptVerdict,
  minRetryIntervalMs = 0,
): OutcomeDecision {
  const { action } = run;
  if (run.actionName === 'ErrorAction') {
    // Its own policy, else the main action's (including the implicit default); no counter, no state.
    if (verdict.ok) return { status: 'completed', failureDelta: 0, faultedDelta: 0 };
    const policy = action.errorAction?.retryPolicy ?? action.retryPolicy;
    const at = verdict.fatal
      ? undefined
      : nextRetryAt(policy, run.retryCount, verdict.endedAt, minRetryIntervalMs);
    return {
      status: 'failed',
      failureDelta: 0,
      faultedDelta: 0,
      ...(at !== undefined
        ? { next: { at, retryCount: run.retryCount + 1, actionName: 'ErrorAction' } }
        : {}),
    };
  }
  if (verdict.ok) {
    return {
      status: 'completed',
      failureDelta: 0,
      faultedDelta: 0,
      mainOutcome: 'succeeded',
    };
  }
  const at = verdict.fatal
    ? undefined
    : nextRetryAt(action.retryPolicy, run.retryCount, verdict.endedAt, minRetryIntervalMs);
  if (at !== undefined) {
    return {
      status: 'failed',
      failureDelta: 1,
      faultedDelta: 0,
      next: { at, retryCount: run.retryCount + 1, actionName: 'MainAction' },
    };
  }
  return {
    status: 'failed',
    failureDelta: 1,
    faultedDelta: 1,
    mainOutcome: 'faulted',
    // The error action runs once, right after the last main attempt.
    ...(action.errorAction
      ? { next: { at: verdict.endedAt, retryCount: 0, actionName: 'ErrorAction' } }
      : {}),
  };
}

/**
 * The job's final state when this outcome finishes it, else undefined. The run's `isFinal` is read
 * with the outcome, not taken from the claim: a write that left the series nothing more to run
 * while this occurrence ran marks it final then (docs/reference/scheduling-rules.md §4.8). The
 * final occurrence finishes the job only if no write has given the job a future since: the run
 * belongs to the series the job still runs, the job has no next due time, and it is enabled.
 */
export function finishedJobState(
  decision: Pick<OutcomeDecision, 'mainOutcome'>,
  run: { readonly isFinal: boolean; readonly seriesStartedAt: EpochMs },
  job: {
    readonly state: string;
    readonly nextDueAt: EpochMs | undefined;
    readonly seriesStartedAt: EpochMs;
  },
): 'completed' | 'faulted' | undefined {
  if (!decision.mainOutcome || !run.isFinal) return undefined;
  if (job.seriesStartedAt !== run.seriesStartedAt || job.nextDueAt !== undefined) return undefined;
  if (job.state !== 'enabled') return undefined;
  return decision.mainOutcome === 'faulted' ? 'faulted' : 'completed';
}

/** One attempt's outcome as the store records it: fenced by (runId, leaseToken). */
export interface RunOutcome {
  readonly runId: string;
  readonly leaseToken: number;
  readonly decision: OutcomeDecision;
  readonly attempt: {
    readonly startedAt: EpochMs;
    readonly endedAt: EpochMs;
    readonly message: string;
    readonly retryCount: number;
    readonly actionName: ActionName;
  };
  /** When the outcome is recorded (the history entry's timestamp). */
  readonly recordedAt: EpochMs;
}

/** A lease on claimed runs. */
export interface Lease {
  readonly owner: string;
  readonly until: EpochMs;
}

/** History retention (docs/reference/scheduling-rules.md §8): per job, the newest N entries, none older than a cut-off. */
export interface HistoryRetention {
  readonly maxEntriesPerJob: number;
  /** Entries recorded before this instant are deleted. */
  readonly olderThan: EpochMs;
}
