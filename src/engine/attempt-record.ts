import type { ActionBody } from '../domain/job.js';
import type { ClaimedRun, OutcomeDecision, RunOutcome } from '../domain/occurrence-outcome.js';
import type { SealedSecret } from '../domain/secret.js';
import type { EpochMs } from '../domain/time.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { AttemptReport } from './attempt.js';

/** What the outcome writer records for one finished attempt. */
export function outcomeOf(
  run: ClaimedRun,
  report: AttemptReport,
  decision: OutcomeDecision,
  recordedAt: EpochMs,
): RunOutcome {
  return {
    runId: run.runId,
    leaseToken: run.leaseToken,
    decision,
    attempt: {
      startedAt: report.startedAt,
      endedAt: report.endedAt,
      message: report.message,
      retryCount: run.retryCount,
      actionName: run.actionName,
    },
    recordedAt,
  };
}

/** Executions, attempt duration and lateness (start minus the attempt's due time) for /metrics. */
export function countAttempt(
  metrics: Metrics | undefined,
  action: ActionBody<SealedSecret> | undefined,
  run: ClaimedRun,
  report: AttemptReport,
): void {
  if (!action || !metrics) return;
  metrics.executionFinished(
    action.type,
    report.ok ? 'completed' : 'failed',
    report.endedAt - report.startedAt,
    Math.max(0, report.startedAt - run.attemptAt),
    run.actionName === 'MainAction' ? 'main' : 'error',
  );
}

/**
 * One line per attempt, with what an operator greps for: the job, its collection, the tag.
 * Failures at info; successes at debug, as a busy node runs thousands a second. An outcome the
 * store refused (stale lease) gets a warning of its own.
 */
export function logAttempt(log: Logger, run: ClaimedRun, ok: boolean, stale: boolean): void {
  const line = {
    subscription: run.job.subscriptionId,
    cloudService: run.job.cloudService,
    collection: run.job.collection,
    job: run.job.jobId,
    executionTag: run.executionTag,
    action: run.actionName,
    retryCount: run.retryCount,
    outcome: ok ? 'completed' : 'failed',
    ...(stale ? { stale: true } : {}),
  };
  if (ok) log.debug(line, 'execution');
  else log.info(line, 'execution');
  if (stale) {
    log.warn(
      {
        runId: run.runId,
        collection: run.job.collection,
        job: run.job.jobId,
        executionTag: run.executionTag,
      },
      'engine: outcome ignored: the run was claimed again elsewhere, or deleted with its job',
    );
  }
}

/** Claimed runs and, among them, leases reclaimed from other nodes (for /metrics). */
export function countClaims(metrics: Metrics | undefined, runs: readonly ClaimedRun[]): void {
  if (!metrics || runs.length === 0) return;
  metrics.claimed(runs.length);
  const reclaimed = runs.filter((r) => r.reclaimed === true).length;
  if (reclaimed > 0) metrics.leaseReclaimed(reclaimed);
}
