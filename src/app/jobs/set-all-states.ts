import type { CollectionRef, Job, RequestedState } from '../../domain/job.js';
import { applyUpdate, isFinished } from '../../domain/job-lifecycle.js';
import type { AppDeps } from '../deps.js';
import { requireCollection } from '../lookups.js';
import { withVersionRetry } from '../store-errors.js';

/**
 * PATCH …/jobs: sets every job of the collection to enabled or disabled (completed and faulted jobs
 * are left as they are) in one atomic write; returns all jobs after the change.
 */
export async function setAllJobStates(
  deps: AppDeps,
  ref: CollectionRef,
  parse: () => RequestedState,
): Promise<Job[]> {
  await requireCollection(deps.store, ref);
  // Parsed after the existence checks: 404 comes before 400 (docs/reference/classic-api.md §8.3).
  const state = parse();
  return withVersionRetry(async () => {
    const jobs = await deps.store.listJobs(ref, {}, {});
    const now = deps.clock.now();
    const changed: Job[] = [];
    const result = jobs.map((job) => {
      if (isFinished(job.state) || job.definition.state === state) return job;
      const definition = { ...job.definition, state };
      const runtime = applyUpdate(job, definition, { scheduleTouched: false, startTimeTouched: false }, now);
      const { finishedAt: _f, ...base } = job;
      const next: Job = {
        ...base,
        definition,
        state: runtime.state,
        schedule: runtime.schedule,
        ...(runtime.finishedAt !== undefined ? { finishedAt: runtime.finishedAt } : {}),
        updatedAt: now,
        version: job.version + 1,
      };
      changed.push(next);
      return next;
    });
    if (changed.length > 0) {
      await deps.store.updateJobs(changed);
      deps.engine.jobsChanged(ref);
    }
    return result;
  });
}
