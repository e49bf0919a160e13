import { extend } from './extend.js';
import type { Job, JobCounters, JobSchedule, JobState } from './job.js';
import { nextAfter, resumeAt, type SeriesPosition } from './recurrence/index.js';
import type { EpochMs } from './time.js';
import { utcSecondText } from './utc-text.js';

/**
 * What happens when a job's due time is reached (docs/reference/scheduling-rules.md §3, §4.6, §5.1, §5.6). Pure: the
 * store calls a planner built from these functions inside the transaction that starts the
 * occurrence, so the job's schedule and counters advance atomically with the new run row.
 */

export type CatchUpMode = 'coalesce' | 'skip';

export interface CatchUpRules {
  /** An occurrence is missed when its due time passed more than this long ago (default 60 s). */
  readonly latenessMs: number;
  readonly mode: CatchUpMode;
}

export const DEFAULT_CATCH_UP: CatchUpRules = { latenessMs: 60_000, mode: 'coalesce' };

/** A new occurrence to persist (the run row) when a job's due time is reached. */
export interface NewOccurrence {
  readonly executionTag: string;
  /** The occurrence's due time (the earliest missed one for a coalesced catch-up run). */
  readonly dueAt: EpochMs;
  readonly repeatCount: number;
  /** No further occurrence exists: its main-action outcome finishes the job. */
  readonly isFinal: boolean;
  /** Set for a coalesced catch-up run: the `postponed` history entry written before it starts. */
  readonly postponed?: { readonly missed: number; readonly message: string };
}

/** The job's new runtime fields, and the occurrence to start (none when skipped). */
export interface OccurrencePlan {
  readonly state: JobState;
  readonly schedule: JobSchedule;
  readonly counters: JobCounters;
  readonly finishedAt?: EpochMs;
  readonly occurrence?: NewOccurrence;
}

/** Called by the store for each due job it has locked; `now` is the claim time. */
export type OccurrencePlanner = (job: Job, now: EpochMs) => OccurrencePlan;

/** Bounds the work of counting missed occurrences after a very long downtime. */
export const MAX_COUNTED_MISSED = 100_000;

/**
 * ISO 8601 UTC with `Z`, a fraction only when non-zero and without trailing zeros: as the outbound
 * headers and every wire date-time write it (`…:35.25Z`, not `…:35.250Z`).
 */
export function formatUtc(ms: EpochMs): string {
  const fraction = ms - Math.floor(ms / 1000) * 1000;
  const digits = fraction === 0 ? '' : `.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
  return `${utcSecondText(ms)}${digits}Z`;
}

export function postponedMessage(earliestDue: EpochMs, missed: number): string {
  return (
    `Postponed - The occurrence due at ${formatUtc(earliestDue)} could not run on time; ` +
    `${missed} missed occurrence(s) were combined into this run.`
  );
}

/**
 * Plans the occurrence of `job` due at `job.schedule.nextDueAt` (which is ≤ now). The caller
 * only passes enabled jobs of running collections.
 */
export function planOccurrence(
  job: Job,
  now: EpochMs,
  rules: CatchUpRules,
  executionTag: string,
): OccurrencePlan {
  const s = job.schedule;
  const due = s.nextDueAt;
  if (due === undefined) return { state: job.state, schedule: s, counters: job.counters };
  const def = job.definition;
  const pos = (seriesCount: number): SeriesPosition => ({ anchor: s.anchor, seriesCount });
  const started = s.seriesCount + 1;
  const late = now - due > rules.latenessMs;

  if (!late) return start(job, now, { dueAt: due, next: nextAfter(def, pos(started), due) }, executionTag);

  if (rules.mode === 'skip' && def.recurrence) {
    // Drop what is missed; an occurrence still within the lateness threshold is not missed.
    const first = resumeAt(def, pos(s.seriesCount), now - rules.latenessMs);
    if (first === undefined || first > now) return skipTo(job, now, first);
    return start(job, now, { dueAt: first, next: nextAfter(def, pos(started), first) }, executionTag);
  }

  // coalesce (and a one-time job in skip mode): every occurrence due by now becomes this one run.
  let missed = 1;
  let d = nextAfter(def, pos(s.seriesCount + missed), due);
  while (d !== undefined && d <= now && missed < MAX_COUNTED_MISSED) {
    missed += 1;
    d = nextAfter(def, pos(s.seriesCount + missed), d);
  }
  const next = def.recurrence ? resumeAt(def, pos(started), now + 1) : undefined;
  const postponed =
    def.recurrence || rules.mode === 'coalesce'
      ? { missed, message: postponedMessage(due, missed) }
      : undefined;
  return start(job, now, { dueAt: due, next, ...(postponed ? { postponed } : {}) }, executionTag);
}

function start(
  job: Job,
  now: EpochMs,
  o: { dueAt: EpochMs; next: EpochMs | undefined; postponed?: NewOccurrence['postponed'] },
  executionTag: string,
): OccurrencePlan {
  const { nextDueAt: _old, ...rest } = job.schedule;
  const repeatCount = job.schedule.repeatCount + 1;
  return {
    state: job.state,
    schedule: extend(rest, {
      seriesCount: job.schedule.seriesCount + 1,
      repeatCount,
      lastExecutionTime: now,
      ...(o.next !== undefined ? { nextDueAt: o.next } : {}),
    }),
    counters: extend(job.counters, { executionCount: job.counters.executionCount + 1 }),
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    occurrence: {
      executionTag,
      dueAt: o.dueAt,
      repeatCount,
      isFinal: o.next === undefined,
      ...(o.postponed ? { postponed: o.postponed } : {}),
    },
  };
}

/** Skip mode: nothing runs; the job waits for `next`, or finishes when there is none (§3). */
function skipTo(job: Job, now: EpochMs, next: EpochMs | undefined): OccurrencePlan {
  const { nextDueAt: _old, ...rest } = job.schedule;
  if (next !== undefined)
    return { state: job.state, schedule: extend(rest, { nextDueAt: next }), counters: job.counters };
  const state: JobState = job.schedule.lastOutcome === 'faulted' ? 'faulted' : 'completed';
  return { state, schedule: rest, counters: job.counters, finishedAt: now };
}

/**
 * Run-now (Takt extension): an extra occurrence at once. It takes the next `repeatCount` and counts
 * as an execution, but leaves the grid, the series count and the job's state alone.
 */
export function planExtraOccurrence(
  job: Job,
  now: EpochMs,
  executionTag: string,
): { readonly schedule: JobSchedule; readonly counters: JobCounters; readonly occurrence: NewOccurrence } {
  const repeatCount = job.schedule.repeatCount + 1;
  return {
    schedule: extend(job.schedule, { repeatCount, lastExecutionTime: now }),
    counters: extend(job.counters, { executionCount: job.counters.executionCount + 1 }),
    occurrence: { executionTag, dueAt: now, repeatCount, isFinal: false },
  };
}
