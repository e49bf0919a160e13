import type { JobRef, JobState } from './job.js';
import type { EpochMs } from './time.js';

export type HistoryStatus = 'completed' | 'failed' | 'postponed';
export type ActionName = 'MainAction' | 'ErrorAction';

/** One attempt of an occurrence (or a `postponed` marker), docs/reference/scheduling-rules.md §8. */
export interface HistoryEntry {
  readonly job: JobRef;
  /** When the entry was recorded. */
  readonly timestamp: EpochMs;
  readonly startTime: EpochMs;
  readonly endTime: EpochMs;
  /** When the occurrence was due. */
  readonly expectedExecutionTime: EpochMs;
  /** The job's state right after this entry. */
  readonly state: JobState;
  readonly status: HistoryStatus;
  readonly message: string;
  /** 0 = first attempt. */
  readonly retryCount: number;
  /** The occurrence number, 1-based. */
  readonly repeatCount: number;
  readonly actionName: ActionName;
  readonly executionTag: string;
  /** The store's sequence number of a recorded entry (stable; the ARM entry id). */
  readonly seq?: number;
}

/**
 * Whether an entry's start minus its expected execution time is the scheduler's lateness: only for
 * the first attempt of the main action. A retry and the error action also carry the occurrence's
 * expected time (as Azure Scheduler's entries did), but they start when the retry policy says, so
 * for them that difference is mostly the policy's wait. The CLI and the dashboard show lateness for
 * these entries only (docs/cli.md, docs/dashboard.md).
 */
export function showsLateness(entry: Pick<HistoryEntry, 'retryCount' | 'actionName'>): boolean {
  return entry.retryCount === 0 && entry.actionName === 'MainAction';
}

export interface HistoryFilter {
  readonly status?: HistoryStatus;
  readonly state?: JobState;
}
