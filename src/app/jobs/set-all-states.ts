import type { JobCollection } from '../../domain/collection.js';
import type { CollectionRef, Job, RequestedState } from '../../domain/job.js';
import { isFinished } from '../../domain/job-lifecycle.js';
import { updatedRuntime } from './write-job.js';
import type { AppDeps } from '../deps.js';
import { StoreConflict } from '../../ports/store.js';
import { requireCollection, requireJobCollection } from '../lookups.js';
import type { EpochMs } from '../../domain/time.js';
import { translateStoreConflict, withVersionRetry } from '../store-errors.js';
import { extend } from '../../domain/extend.js';

/**
 * PATCH …/jobs (classic) and ARM enable/disable: sets every job of the collection to enabled or
 * disabled (completed and faulted jobs are left as they are) and records the action as the
 * collection's ARM state (Enabled or Disabled, which also ends a suspension; the ETag stays), all in
 * one atomic write (docs/api.md, collection state); returns all jobs after the change. The write is
 * guarded by the collection's `updatedAt`, which every state write moves: two of them racing cannot
 * leave the collection's state over jobs the other one wrote.
 */
export async function setAllJobStates(
  deps: AppDeps,
  ref: CollectionRef,
  parse: () => RequestedState,
): Promise<Job[]> {
  await requireCollection(deps.store, ref);
  // Parsed after the existence checks: 404 comes before 400 (docs/reference/classic-operations.md §8.3).
  const state = parse();
  return withVersionRetry(async () => {
    const collection = await requireJobCollection(deps.store, ref);
    const jobs = await deps.store.listJobs(ref, {}, {});
    const now = deps.clock.now();
    const { changed, finalRuns, result } = await withStates(deps, jobs, state, now);
    const next = withStateFlags(collection, { suspended: false, jobsDisabled: state === 'disabled' }, now);
    if (changed.length === 0 && next === collection) return result;
    const guard = { expectedEtag: collection.etag, expectedUpdatedAt: collection.updatedAt };
    try {
      await deps.store.updateJobs(
        changed,
        finalRuns,
        next === collection ? { jc: touched(collection, now), guard } : { jc: next, guard },
      );
    } catch (e) {
      // A settings write in between (a new ETag) or a job deleted meanwhile: run again from the read,
      // which answers 404 if the collection itself is gone.
      if (e instanceof StoreConflict && (e.reason === 'etag' || e.reason === 'missing')) {
        throw new StoreConflict('version');
      }
      throw e;
    }
    deps.engine.jobsChanged(ref);
    return result;
  });
}

/** The collection with these ARM state flags and a later `updatedAt`; itself when they are its own. */
function withStateFlags(
  current: JobCollection,
  flags: { readonly suspended: boolean; readonly jobsDisabled: boolean },
  now: EpochMs,
): JobCollection {
  if (current.suspended === flags.suspended && (current.jobsDisabled === true) === flags.jobsDisabled) {
    return current;
  }
  const { jobsDisabled: _d, ...base } = touched(current, now);
  return extend(base, { suspended: flags.suspended, ...(flags.jobsDisabled ? { jobsDisabled: true } : {}) });
}

/** `updatedAt` moved forward (strictly: it guards state writes), nothing else changed. */
const touched = (jc: JobCollection, now: EpochMs): JobCollection =>
  extend(jc, { updatedAt: Math.max(now, jc.updatedAt + 1) });

/**
 * Writes a collection's ARM state flags when they change (ARM Suspended and back); the ETag stays
 * (state is no setting). Guarded by the ETag and `updatedAt` it read, so neither a concurrent
 * settings write nor another state write is overwritten with old values.
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
    const next = withStateFlags(current, flags, deps.clock.now());
    if (next === current) return current;
    try {
      await deps.store.updateJobCollection(next, {
        expectedEtag: current.etag,
        expectedUpdatedAt: current.updatedAt,
      });
    } catch (e) {
      if (e instanceof StoreConflict && (e.reason === 'etag' || e.reason === 'version') && attempt < 5) {
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

/** The jobs with `state` applied: those that change (and their final runs), and all of them after. */
async function withStates(deps: AppDeps, jobs: readonly Job[], state: RequestedState, now: EpochMs) {
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
  return { changed, finalRuns, result };
}

const UNTOUCHED = { scheduleTouched: false, startTimeTouched: false } as const;
