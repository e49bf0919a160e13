import { extend } from './extend.js';
import type { JobCounters, JobDefinition, JobSchedule, JobState } from './job.js';
import { beginSeries, resumeAt } from './recurrence/index.js';
import type { EpochMs } from './time.js';

/**
 * What a write does to a job's state and schedule (docs/reference/scheduling-rules.md §3, §4.8). Pure.
 */

export interface JobRuntime {
  readonly state: JobState;
  readonly schedule: JobSchedule;
  readonly finishedAt?: EpochMs;
}

export const ZERO_COUNTERS: JobCounters = { executionCount: 0, failureCount: 0, faultedCount: 0 };

/**
 * Create or PUT: a new series begins at `now`. Counters, `repeatCount` numbering and the last
 * execution time carry over from the replaced job, if any.
 */
export function startSeries(
  def: JobDefinition<unknown>,
  previous: JobSchedule | undefined,
  now: EpochMs,
): JobRuntime {
  const { anchor, firstDue } = beginSeries(def, now);
  const schedule: JobSchedule = {
    anchor,
    seriesStartedAt: now,
    seriesCount: 0,
    repeatCount: previous?.repeatCount ?? 0,
    ...(firstDue !== undefined ? { nextDueAt: firstDue } : {}),
    ...(previous?.lastExecutionTime !== undefined ? { lastExecutionTime: previous.lastExecutionTime } : {}),
  };
  return settle(def.state, schedule, now);
}

/**
 * PATCH (or PATCH-all) of an existing job. `scheduleTouched`: the patch set `startTime` or
 * `recurrence`; `startTimeTouched`: it set (or removed) `startTime`, which moves the anchor.
 * `pending`: an occurrence of the current series is still running its main action (an attempt or
 * a waiting retry); the write then never finishes the job, that occurrence's outcome does.
 */
export function applyUpdate(
  current: JobRuntime,
  def: JobDefinition<unknown>,
  change: { readonly scheduleTouched: boolean; readonly startTimeTouched: boolean },
  now: EpochMs,
  pending = false,
): JobRuntime {
  const prev = current.schedule;
  const anchor = change.startTimeTouched ? (def.startTime?.ms ?? prev.seriesStartedAt) : prev.anchor;
  const reenabled = current.state === 'disabled' && def.state === 'enabled';
  let nextDueAt = prev.nextDueAt;
  if (change.scheduleTouched || reenabled) {
    nextDueAt = resumeAt(def, { anchor, seriesCount: prev.seriesCount }, now);
  }
  const { nextDueAt: _dropped, ...rest } = prev;
  const schedule: JobSchedule = extend(rest, { anchor, ...(nextDueAt !== undefined ? { nextDueAt } : {}) });
  // A job that was disabled and stays disabled finishes when nothing is left for an enable to run
  // (its endTime passed, or the write lowered its count): §3, last row. A job being disabled now
  // stays disabled even when its final occurrence is in flight: the disable cancels that
  // occurrence's waiting retries, and its outcome decides the state when the job is enabled.
  if (current.state === 'disabled' && def.state === 'disabled') {
    const left = resumeAt(def, { anchor, seriesCount: prev.seriesCount }, now);
    if (left === undefined && !pending) return finish(schedule, now);
  }
  // An enabled job without a next due time has its final occurrence in flight (the claim that
  // started it took the last due time): that occurrence's outcome finishes the job
  // (occurrence-outcome.ts, finishedJobState), retries and error action included. A write that
  // keeps it enabled and leaves its schedule alone (a PATCH of stateDetails, of the action, of
  // `state: enabled`, an unchanged save) does not finish it first (§3, §4.8).
  if (
    current.state === 'enabled' &&
    def.state === 'enabled' &&
    !change.scheduleTouched &&
    nextDueAt === undefined
  )
    return { state: 'enabled', schedule };
  // Nothing left to run, but an occurrence still runs: it becomes the final one (the caller marks
  // it so in the same write) and its outcome completes or faults the job, as the claim's final
  // occurrence would (§4.8). Finishing now would record the previous occurrence's outcome as the
  // job's, and the running one would then retry under a finished job.
  if (pending && def.state === 'enabled' && nextDueAt === undefined) return { state: 'enabled', schedule };
  return settle(def.state, schedule, now);
}

/** Whether `applyUpdate` finished the job: the write must first ask whether an occurrence is pending. */
export const finishes = (runtime: JobRuntime): boolean => runtime.finishedAt !== undefined;

/**
 * An enabled job without a future occurrence is finished: completed if its last occurrence
 * succeeded or none ran, faulted if the last one faulted (§3, last row).
 */
function settle(requested: 'enabled' | 'disabled', schedule: JobSchedule, now: EpochMs): JobRuntime {
  if (requested === 'disabled') return { state: 'disabled', schedule };
  if (schedule.nextDueAt !== undefined) return { state: 'enabled', schedule };
  return finish(schedule, now);
}

/** Completed if the last occurrence succeeded or none ran, faulted if the last one faulted. */
function finish(schedule: JobSchedule, now: EpochMs): JobRuntime {
  return { state: schedule.lastOutcome === 'faulted' ? 'faulted' : 'completed', schedule, finishedAt: now };
}

export function isFinished(state: JobState): boolean {
  return state === 'completed' || state === 'faulted';
}
