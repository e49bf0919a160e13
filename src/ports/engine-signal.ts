import type { CollectionRef, JobRef } from '../domain/job.js';
import type { EpochMs } from '../domain/time.js';

/**
 * How writes tell the execution engine that due times may have changed, so it re-reads them at once
 * instead of waiting for its next poll. In-process on SQLite; NOTIFY on PostgreSQL.
 */
export interface EngineSignal {
  /**
   * `nextDue`: a job's next due time as the write left it, or null when it has none (disabled,
   * finished). Given it, the engine adds that time to its window (or nothing) instead of reading its
   * window again; a due time the write moved or removed stays behind and costs one empty claim.
   * Without it (a collection, a run started, a job deleted) the engine re-reads its window.
   */
  jobsChanged(ref: JobRef | CollectionRef, nextDue?: EpochMs | null): void;
}
