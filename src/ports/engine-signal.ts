import type { CollectionRef, JobRef } from '../domain/job.js';

/**
 * How writes tell the execution engine that due times may have changed, so it re-reads them at once
 * instead of waiting for its next poll. In-process on SQLite; NOTIFY on PostgreSQL.
 */
export interface EngineSignal {
  jobsChanged(ref: JobRef | CollectionRef): void;
}
