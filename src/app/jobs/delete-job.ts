import { notFound } from '../../domain/errors.js';
import type { JobRef } from '../../domain/job.js';
import type { AppDeps } from '../deps.js';
import { requireCollection } from '../lookups.js';

/** Deletes a job with its history and pending work. */
export async function deleteJob(deps: AppDeps, ref: JobRef): Promise<void> {
  await requireCollection(deps.store, ref);
  if (!(await deps.store.deleteJob(ref)))
    throw notFound(`The job '${ref.jobId}' does not exist.`, { kind: 'job', name: ref.jobId });
  deps.engine.jobsChanged(ref);
}
