import type { HistoryEntry, HistoryFilter } from '../../domain/history.js';
import type { CollectionRef, Job, JobRef, JobState } from '../../domain/job.js';
import type { PreciseTime } from '../../domain/time.js';
import { upcomingDues } from '../../domain/upcoming-dues.js';
import type { Page } from '../../ports/store.js';
import type { AppDeps } from '../deps.js';
import { requireCollection, requireJob, requireJobCollection } from '../lookups.js';

export async function getJob(deps: AppDeps, ref: JobRef): Promise<Job> {
  // The store finds a job through its collection and cloud service, so a found job proves both
  // parents exist: one query on the hot path. Only a miss walks the parents, to say which is missing.
  const job = await deps.store.getJob(ref);
  if (job) return job;
  await requireCollection(deps.store, ref);
  return requireJob(deps.store, ref);
}

export async function listJobs(
  deps: AppDeps,
  ref: CollectionRef,
  filter: { readonly state?: JobState },
  page: Page,
): Promise<Job[]> {
  await requireJobCollection(deps.store, ref);
  return deps.store.listJobs(ref, filter, page);
}

export async function getHistory(
  deps: AppDeps,
  ref: JobRef,
  filter: HistoryFilter,
  page: Page,
): Promise<HistoryEntry[]> {
  const job = await getJob(deps, ref);
  // The sweep trims a job only once it holds a tenth more than the rule keeps (docs/engine.md,
  // "Retention"): a reader sees the rule itself.
  return deps.store.listHistory(job.ref, filter, page, deps.settings.historyMaxEntries);
}

/**
 * Extension: the job's next `n` due times as it stands (empty unless enabled). Pure math from the
 * stored schedule; nothing is written.
 */
export async function upcomingOccurrences(deps: AppDeps, ref: JobRef, n: number): Promise<PreciseTime[]> {
  const job = await getJob(deps, ref);
  return upcomingDues(job.definition, job, n);
}
