import type { JobCollection } from '../../domain/collection.js';
import type { CollectionRef, Job, RequestedState } from '../../domain/job.js';
import { isFinished } from '../../domain/job-lifecycle.js';
import { updatedRuntime } from './write-job.js';
import type { AppDeps } from '../deps.js';
import { StoreConflict } from '../../ports/store.js';
import { requireCollection, requireJobCollection } from '../lookups.js';
import { translateStoreConflict, withVersionRetry } from '../store-errors.js';
import { extend } from '../../domain/extend.js';

/**
 * PATCH …/jobs (classic) and ARM enable/disable: sets every job of the collection to enabled or
 * disabled (completed and faulted jobs are left as they are) in one atomic write; returns all jobs
 * after the change. The collection records the action as its ARM state (Enabled or Disabled, which
 * also ends a suspension), keeping its ETag (docs/api.md, collection state).
 */
export async function setAllJobStates(
  deps: AppDeps,
  ref: CollectionRef,
  parse: () => RequestedState,
): Promise<Job[]> {
  const { collection } = await requireCollection(deps.store, ref);
  // Parsed after the existence checks: 404 comes before 400 (docs/reference/classic-operations.md §8.3).
  const state = parse();
  const jobs = await setJobStates(deps, ref, state);
  await recordCollectionState(deps, collection, { suspended: false, jobsDisabled: state === 'disabled' });
  return jobs;
}

/**
 * Writes a collection's ARM state flags when they change; the ETag stays (state is no setting).
 * Guarded by the ETag it read, so a concurrent settings write is never overwritten with old values.
 */
export async function recordCollectionState(
  deps: AppDeps,
  collection: JobCollection,
  flags: { readonly suspended: boolean; readonly jobsDisabled: boolean },
): Promise<JobCollection> {
  const ref = {
    subscriptionId: collection.subscriptionId,
    cloudService: collection.cloudService,
    collection: collection.name,
  };
  let current = collection;
  for (let attempt = 1; ; attempt++) {
    if (current.suspended === flags.suspended && (current.jobsDisabled === true) === flags.jobsDisabled) {
      return current;
    }
    const { jobsDisabled: _d, ...base } = current;
    const next: JobCollection = extend(base, {
      suspended: flags.suspended,
      ...(flags.jobsDisabled ? { jobsDisabled: true } : {}),
    });
    try {
      await deps.store.updateJobCollection(next, { expectedEtag: current.etag });
    } catch (e) {
      if (e instanceof StoreConflict && e.reason === 'etag' && attempt < 5) {
        current = await requireJobCollection(deps.store, ref);
        continue;
      }
      throw translateStoreConflict(e, { missing: `The job collection '${collection.name}' does not exist.` });
    }
    // Leaving a suspension makes the collection's due jobs claimable again.
    deps.engine.jobsChanged(ref);
    return next;
  }
}

function setJobStates(deps: AppDeps, ref: CollectionRef, state: RequestedState): Promise<Job[]> {
  return withVersionRetry(async () => {
    const jobs = await deps.store.listJobs(ref, {}, {});
    const now = deps.clock.now();
    const changed: Job[] = [];
    const finalRuns = new Map<Job, string>();
    const result: Job[] = [];
    for (const job of jobs) {
      if (isFinished(job.state) || job.definition.state === state) {
        result.push(job);
        continue;
      }
      const definition = extend(job.definition, { state });
      // An enable that leaves nothing to run while an occurrence runs waits for its outcome (§4.8).
      const { runtime, finalRun } = await updatedRuntime(deps, job, definition, UNTOUCHED, now);
      const { finishedAt: _f, ...base } = job;
      const next: Job = extend(base, {
        definition,
        state: runtime.state,
        schedule: runtime.schedule,
        ...(runtime.finishedAt !== undefined ? { finishedAt: runtime.finishedAt } : {}),
        updatedAt: now,
        version: job.version + 1,
      });
      changed.push(next);
      if (finalRun !== undefined) finalRuns.set(next, finalRun);
      result.push(next);
    }
    if (changed.length > 0) {
      await deps.store.updateJobs(changed, finalRuns);
      deps.engine.jobsChanged(ref);
    }
    return result;
  });
}

const UNTOUCHED = { scheduleTouched: false, startTimeTouched: false } as const;
