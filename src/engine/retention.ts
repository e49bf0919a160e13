import type { EpochMs } from '../domain/time.js';
import type { Store } from '../ports/store.js';
import { nextTurn } from './next-turn.js';
import type { ResolvedEngineOptions } from './options.js';

export interface RetentionReport {
  readonly historyDeleted: number;
  readonly jobsDeleted: number;
}

/** Jobs per history step and jobs per delete: small transactions, so claims never wait long. */
const JOBS_PER_STEP = 200;
const DELETE_BATCH = 500;

/**
 * History retention (newest N per job, none older than the cut-off) and deletion of jobs finished
 * long ago (behaviour.md §3, §8), in small batches with an event-loop turn between them.
 */
export async function sweepRetention(
  store: Store,
  now: EpochMs,
  o: Pick<ResolvedEngineOptions, 'historyMaxEntries' | 'historyMaxAgeMs' | 'finishedJobRetentionMs'>,
  keepGoing: () => boolean,
): Promise<RetentionReport> {
  const retention = { maxEntriesPerJob: o.historyMaxEntries, olderThan: now - o.historyMaxAgeMs };
  let historyDeleted = 0;
  let cursor: number | undefined = 0;
  while (cursor !== undefined) {
    const step: { deleted: number; cursor?: number } = await store.pruneHistory(retention, {
      cursor,
      jobs: JOBS_PER_STEP,
    });
    historyDeleted += step.deleted;
    cursor = step.cursor;
    if (!keepGoing()) break;
    // Let claims, timers and sockets in: on SQLite the step above resolved without yielding, and
    // a sweep over a million jobs is thousands of steps.
    await nextTurn();
  }
  let jobsDeleted = 0;
  // Stopping: the engine's owner closes the store next, so start nothing more.
  if (!keepGoing()) return { historyDeleted, jobsDeleted };
  for (;;) {
    const n = await store.deleteFinishedJobs(now - o.finishedJobRetentionMs, DELETE_BATCH);
    jobsDeleted += n;
    if (n < DELETE_BATCH || !keepGoing()) break;
    await nextTurn();
  }
  return { historyDeleted, jobsDeleted };
}
