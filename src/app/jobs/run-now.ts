import { conflict } from '../../domain/errors.js';
import type { JobRef } from '../../domain/job.js';
import { isFinished } from '../../domain/job-lifecycle.js';
import { planExtraOccurrence } from '../../domain/occurrence.js';
import type { EpochMs } from '../../domain/time.js';
import type { AppDeps } from '../deps.js';
import { requireCollection, requireJob } from '../lookups.js';
import { translateStoreConflict, withVersionRetry } from '../store-errors.js';
import { extend } from '../../domain/extend.js';

/** What run-now started: the extra occurrence's tag, number and due time. */
export interface RunNowResult {
  readonly executionTag: string;
  readonly repeatCount: number;
  readonly expectedExecutionTime: EpochMs;
}

/**
 * Takt extension `POST .../jobs/{jobId}/run`: an extra occurrence at once, with the job's current
 * definition. It counts as an execution and takes the next `repeatCount`, but does not move the
 * schedule, does not count toward the series' `count` and does not finish the job by itself (a
 * write that ends the series while it runs makes it the final occurrence:
 * docs/reference/scheduling-rules.md §4.8). Enabled and disabled jobs may be run; a completed or
 * faulted job is refused (409), as for PATCH.
 */
export async function runJobNow(deps: AppDeps, ref: JobRef): Promise<RunNowResult> {
  const { collection } = await requireCollection(deps.store, ref);
  return withVersionRetry(async () => {
    // Existence before conflicts (docs/api.md, check order): a missing job is a 404 here too.
    const job = await requireJob(deps.store, ref);
    // The engine runs nothing of a suspended collection; an extra occurrence would never start.
    if (collection.suspended) {
      throw conflict(`The job collection '${collection.name}' is suspended; its jobs cannot be run.`);
    }
    if (isFinished(job.state)) {
      throw conflict(`The job '${job.ref.jobId}' is ${job.state}; a finished job cannot be run.`);
    }
    const now = deps.clock.now();
    const executionTag = deps.ids.hex32();
    let started;
    try {
      started = await deps.store.startExtraRun(ref, deps.ids.hex32(), now, (stored) =>
        planExtraOccurrence(stored, now, executionTag),
      );
    } catch (e) {
      throw translateStoreConflict(e, { missing: `The job '${ref.jobId}' does not exist.` });
    }
    deps.engine.jobsChanged(job.ref);
    return extend(started, { expectedExecutionTime: now });
  });
}
