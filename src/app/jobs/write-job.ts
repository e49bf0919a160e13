import { conflict } from '../../domain/errors.js';
import type { JobCollection } from '../../domain/collection.js';
import type { Job, JobDefinition, JobRef, PlainJobDefinition } from '../../domain/job.js';
import {
  applyUpdate,
  finishes,
  isFinished,
  startSeries,
  ZERO_COUNTERS,
  type JobRuntime,
} from '../../domain/job-lifecycle.js';
import type { EpochMs } from '../../domain/time.js';
import { StoreConflict, type WriteOptions } from '../../ports/store.js';
import type { AppDeps } from '../deps.js';
import { requireJob, requireJobCollection, requireJobCollectionWithJob } from '../lookups.js';
import { collectionLimits, checkJobAgainstLimits } from '../quotas.js';
import { translateStoreConflict, withVersionRetry } from '../store-errors.js';
import { openDefinition, sealDefinition, withCertificateFacts } from './definitions.js';
import { extend } from '../../domain/extend.js';

/**
 * Create (POST, PUT) and replace (PUT) a job: a new series begins (docs/reference/scheduling-rules.md §4.8).
 * `parse` validates the request body; it is called after the parents are known to exist, so the
 * check order of docs/reference/classic-operations.md §8.3 holds (404 before 400 before 409).
 */
export async function putJob(
  deps: AppDeps,
  ref: JobRef,
  parse: () => PlainJobDefinition,
  opts: {
    readonly createOnly?: boolean;
    /**
     * The job's write answers before its fsync (WriteOptions.deferSync): the caller makes it durable
     * before acknowledging (the API's operation record covers it, one fsync wait instead of two).
     */
    readonly deferSync?: boolean;
  } = {},
): Promise<{ job: Job; created: boolean }> {
  // A PUT reads the job with its collection (one round trip on PostgreSQL) and the first attempt
  // below uses that read. Where the store keeps collections in memory and a job read is a round
  // trip (Store.createsFirst), it reads nothing and tries the create first: a job that exists (or a
  // collection deleted meanwhile) is read after the failed insert, once, and replaced. A retry after
  // a concurrent change reads the job again.
  const createsFirst = opts.createOnly !== true && deps.store.createsFirst;
  let { collection, job: existing } =
    opts.createOnly === true || createsFirst
      ? { collection: await requireJobCollection(deps.store, ref), job: undefined }
      : await requireJobCollectionWithJob(deps.store, ref);
  let first = true;
  const plain = withCertificateFacts(deps, parse());
  const definition = sealDefinition(deps, plain);

  return withVersionRetry(async () => {
    const now = deps.clock.now();
    // A retry reads the collection with the job, so a collection deleted meanwhile answers 404 and
    // changed limits (the write's 'version' conflict) are checked anew.
    if (!first) {
      const fresh = await requireJobCollectionWithJob(deps.store, ref);
      collection = fresh.collection;
      if (opts.createOnly !== true) existing = fresh.job;
    }
    const assumedNew = first && createsFirst;
    first = false;
    const limits = collectionLimits(deps.settings.plans, collection);
    const runtime = startSeries(plain, existing?.schedule, now);
    checkJobAgainstLimits(plain, runtime.schedule.anchor, limits, collection.plan);
    const job: Job = {
      ref:
        existing?.ref ?? extend(ref, { cloudService: collection.cloudService, collection: collection.name }),
      definition,
      state: runtime.state,
      counters: existing?.counters ?? ZERO_COUNTERS,
      schedule: runtime.schedule,
      ...(runtime.finishedAt !== undefined ? { finishedAt: runtime.finishedAt } : {}),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      version: (existing?.version ?? 0) + 1,
    };
    try {
      const write = { deferSync: opts.deferSync === true };
      const guard = { maxJobs: limits.maxJobs, limitsEtag: collection.etag };
      if (existing) await deps.store.updateJob(job, write, { limitsEtag: collection.etag });
      else if (!assumedNew) await deps.store.insertJob(job, guard, write);
      // Not inserted: the next attempt reads what is there (a 404 if the collection went).
      else if (!(await deps.store.tryInsertJob(job, guard, write))) throw reread();
    } catch (e) {
      throw translateStoreConflict(e, {
        quota: `The job collection '${collection.name}' already holds its maximum of ${limits.maxJobs} jobs.`,
        exists: `A job with the id '${ref.jobId}' already exists.`,
        missing: `The job collection '${ref.collection}' does not exist.`,
      });
    }
    // A job that is not enabled (disabled, or finished: no occurrence left) and was not enabled
    // before either gives the engine nothing to run or to drop: no re-read of its due window, no
    // NOTIFY to the other nodes (docs/engine.md, "The path of one occurrence").
    if (existing?.state === 'enabled' || job.state === 'enabled')
      deps.engine.jobsChanged(job.ref, nextDueOf(job));
    return { job, created: !existing };
  });
}

/** What the engine is told of a written job: its next due time, or null when it will not run. */
const nextDueOf = (job: Job): EpochMs | null =>
  job.state === 'enabled' ? (job.schedule.nextDueAt ?? null) : null;

/** withVersionRetry's signal to run the attempt again from a fresh read. */
const reread = (): StoreConflict => new StoreConflict('version', 'the job was not there to insert: read it');

/** What a PATCH produced from the job's current (opened) definition. */
export interface PatchOutcome {
  readonly definition: PlainJobDefinition;
  /** `stateDetails` (the SDKs' updateStateReason) when the patch carried it. */
  readonly stateDetails?: string;
  readonly scheduleTouched: boolean;
  readonly startTimeTouched: boolean;
}

/**
 * PATCH a job: `transform` merges the patch into the current definition and validates the result
 * (docs/reference/classic-operations.md §12). Finished jobs cannot be patched (409).
 */
export async function patchJob(
  deps: AppDeps,
  ref: JobRef,
  /** `seriesAnchor`: when the current series began, the anchor of a definition without startTime. */
  transform: (current: PlainJobDefinition, context: { readonly seriesAnchor: EpochMs }) => PatchOutcome,
  /** As putJob's `deferSync`: the caller makes the write durable before acknowledging it. */
  write: WriteOptions = {},
): Promise<Job> {
  let first = true;
  return withVersionRetry(async () => {
    const { collection, job } = await readForPatch(deps, ref, first);
    first = false;
    const limits = collectionLimits(deps.settings.plans, collection);
    const outcome = transform(openDefinition(deps, job.definition), {
      seriesAnchor: job.schedule.seriesStartedAt,
    });
    if (isFinished(job.state)) {
      throw conflict(
        `The job '${job.ref.jobId}' is ${job.state}; a finished job can only be replaced or deleted.`,
      );
    }
    const plain = withCertificateFacts(deps, outcome.definition);
    const now = deps.clock.now();
    const { runtime, finalRun } = await updatedRuntime(deps, job, plain, outcome, now);
    checkJobAgainstLimits(plain, runtime.schedule.anchor, limits, collection.plan);
    const { finishedAt: _f, stateDetails: _s, ...base } = job;
    const stateDetails = outcome.stateDetails ?? job.stateDetails;
    const next: Job = extend(base, {
      definition: sealDefinition(deps, plain),
      state: runtime.state,
      schedule: runtime.schedule,
      ...(stateDetails !== undefined ? { stateDetails } : {}),
      ...(runtime.finishedAt !== undefined ? { finishedAt: runtime.finishedAt } : {}),
      updatedAt: now,
      version: job.version + 1,
    });
    try {
      const guard = { limitsEtag: collection.etag };
      await deps.store.updateJob(next, write, finalRun === undefined ? guard : extend(guard, { finalRun }));
    } catch (e) {
      throw translateStoreConflict(e, { missing: `The job '${ref.jobId}' does not exist.` });
    }
    deps.engine.jobsChanged(next.ref, nextDueOf(next));
    return next;
  });
}

/**
 * The collection and the job a PATCH starts from (404 for either missing). A retry reads both from
 * the database (`requireJobCollectionWithJob`): its 'version' conflict may be changed limits, which a
 * cached collection might not show yet.
 */
async function readForPatch(
  deps: AppDeps,
  ref: JobRef,
  first: boolean,
): Promise<{ collection: JobCollection; job: Job }> {
  if (first) {
    const collection = await requireJobCollection(deps.store, ref);
    return { collection, job: await requireJob(deps.store, ref) };
  }
  const fresh = await requireJobCollectionWithJob(deps.store, ref);
  return { collection: fresh.collection, job: fresh.job ?? (await requireJob(deps.store, ref)) };
}

/**
 * applyUpdate, and when that would finish the job, whether an occurrence of its series still runs
 * its main action: then the job is not finished by the write, that occurrence becomes its final one
 * (`finalRun`, marked in the job's write) and its outcome finishes it (docs/reference/scheduling-rules.md
 * §4.8). Only a write that finishes a job reads the runs.
 */
export async function updatedRuntime(
  deps: AppDeps,
  job: Job,
  def: JobDefinition<unknown>,
  change: { readonly scheduleTouched: boolean; readonly startTimeTouched: boolean },
  now: EpochMs,
): Promise<{ runtime: JobRuntime; finalRun?: string }> {
  const runtime = applyUpdate(job, def, change, now);
  if (!finishes(runtime)) return { runtime };
  const finalRun = await deps.store.pendingRun(job.ref, job.schedule.seriesStartedAt);
  if (finalRun === undefined) return { runtime };
  const settled = applyUpdate(job, def, change, now, true);
  // A disabled job's running occurrence needs no mark: its outcome finishes nothing (§3).
  return settled.state === 'enabled' ? { runtime: settled, finalRun } : { runtime: settled };
}
