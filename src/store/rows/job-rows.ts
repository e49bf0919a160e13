import type { ActionName, HistoryEntry, HistoryStatus } from '../../domain/history.js';
import type { Job, JobDefinition, JobSchedule, JobState, OccurrenceOutcome } from '../../domain/job.js';
import type { Param, Row } from '../program.js';
import { num, opt, optNum, optStr, str } from './values.js';

export function toJob(r: Row): Job {
  const stateDetails = optStr(r, 'state_details');
  const finishedAt = optNum(r, 'finished_at');
  const nextDueAt = optNum(r, 'next_due_at');
  const lastExecutionTime = optNum(r, 'last_execution_time');
  const lastOutcome = optStr(r, 'last_outcome') as OccurrenceOutcome | undefined;
  const schedule: JobSchedule = {
    anchor: num(r, 'anchor'),
    seriesStartedAt: num(r, 'series_started_at'),
    seriesCount: num(r, 'series_count'),
    repeatCount: num(r, 'repeat_count'),
    ...(nextDueAt !== undefined ? { nextDueAt } : {}),
    ...(lastExecutionTime !== undefined ? { lastExecutionTime } : {}),
    ...(lastOutcome !== undefined ? { lastOutcome } : {}),
  };
  return {
    ref: {
      subscriptionId: str(r, 'subscription_id'),
      cloudService: str(r, 'cloud_service_name'),
      collection: str(r, 'collection_name'),
      jobId: str(r, 'name'),
    },
    // The definition is kept as the JSON text the app wrote (secrets already sealed), so it
    // round-trips exactly; PostgreSQL stores it as TEXT, not JSONB, to keep member order.
    definition: JSON.parse(str(r, 'definition')) as JobDefinition,
    state: str(r, 'state') as JobState,
    ...(stateDetails !== undefined ? { stateDetails } : {}),
    counters: {
      executionCount: num(r, 'execution_count'),
      failureCount: num(r, 'failure_count'),
      faultedCount: num(r, 'faulted_count'),
    },
    schedule,
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    createdAt: num(r, 'created_at'),
    updatedAt: num(r, 'updated_at'),
    version: num(r, 'version'),
  };
}

/** The job's mutable columns, in the order insertJob ($6..$22) and updateJob ($3..$19) use them. */
export function jobValues(job: Job): Param[] {
  const s = job.schedule;
  return [
    JSON.stringify(job.definition),
    job.state,
    opt(job.stateDetails),
    job.counters.executionCount,
    job.counters.failureCount,
    job.counters.faultedCount,
    s.anchor,
    s.seriesStartedAt,
    s.seriesCount,
    s.repeatCount,
    opt(s.nextDueAt),
    opt(s.lastExecutionTime),
    opt(s.lastOutcome),
    opt(job.finishedAt),
    job.createdAt,
    job.updatedAt,
    job.version,
  ];
}

/**
 * The job exactly as `toJob` reads it back once `values` (its `jobValues`) were written: what
 * SqlStore's job cache keeps after a write, so a cached read answers what a read of the database
 * would. `job.ref` must hold the names as stored (it came from a read). Built from the job's own
 * fields rather than through a row and `toJob` (a PUT's write-through costs this once per request):
 * optional fields are left out when absent as `toJob` does for NULL. The definition is the job's own
 * object, not parsed back from the text written (that JSON.parse was ~3% of a PUT's CPU): a
 * definition is immutable (readonly all the way down) and JSON-normal — no undefined members, no
 * values JSON would change — so it equals what a read parses (test/unit/store/stored-job.test.ts
 * holds the two equal, over definitions of every kind parsed from the wire).
 */
export function storedJob(job: Job): Job {
  const s = job.schedule;
  const schedule: JobSchedule = {
    anchor: s.anchor,
    seriesStartedAt: s.seriesStartedAt,
    seriesCount: s.seriesCount,
    repeatCount: s.repeatCount,
    ...(s.nextDueAt !== undefined ? { nextDueAt: s.nextDueAt } : {}),
    ...(s.lastExecutionTime !== undefined ? { lastExecutionTime: s.lastExecutionTime } : {}),
    ...(s.lastOutcome !== undefined ? { lastOutcome: s.lastOutcome } : {}),
  };
  const { subscriptionId, cloudService, collection, jobId } = job.ref;
  const { executionCount, failureCount, faultedCount } = job.counters;
  return {
    ref: { subscriptionId, cloudService, collection, jobId },
    definition: job.definition,
    state: job.state,
    ...(job.stateDetails !== undefined ? { stateDetails: job.stateDetails } : {}),
    counters: { executionCount, failureCount, faultedCount },
    schedule,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    version: job.version,
  };
}

export function toHistoryEntry(r: Row): HistoryEntry {
  return {
    job: {
      subscriptionId: str(r, 'subscription_id'),
      cloudService: str(r, 'cloud_service_name'),
      collection: str(r, 'collection_name'),
      jobId: str(r, 'job_name'),
    },
    timestamp: num(r, 'timestamp'),
    startTime: num(r, 'start_time'),
    endTime: num(r, 'end_time'),
    expectedExecutionTime: num(r, 'expected_execution_time'),
    state: str(r, 'state') as JobState,
    status: str(r, 'status') as HistoryStatus,
    message: str(r, 'message'),
    retryCount: num(r, 'retry_count'),
    repeatCount: num(r, 'repeat_count'),
    actionName: str(r, 'action_name') as ActionName,
    executionTag: str(r, 'execution_tag'),
    ...(r['seq'] !== undefined && r['seq'] !== null ? { seq: num(r, 'seq') } : {}),
  };
}

/** Columns $2..$12 of insertHistory. */
export function historyValues(e: HistoryEntry): Param[] {
  return [
    e.timestamp,
    e.startTime,
    e.endTime,
    e.expectedExecutionTime,
    e.state,
    e.status,
    e.message,
    e.retryCount,
    e.repeatCount,
    e.actionName,
    e.executionTag,
  ];
}
