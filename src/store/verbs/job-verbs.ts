import type { HistoryEntry, HistoryFilter } from '../../domain/history.js';
import type { JobCollection } from '../../domain/collection.js';
import type { CollectionRef, Job, JobRef, JobState } from '../../domain/job.js';
import type { EpochMs } from '../../domain/time.js';
import { StoreConflict, type JobInsertGuard, type JobUpdateGuard, type Page } from '../../ports/store.js';
import { all, get, run, type Param, type Program } from '../program.js';
import { toCollection } from '../rows/collection-rows.js';
import { historyValues, jobValues, toHistoryEntry, toJob } from '../rows/job-rows.js';
import { flag, nameKey, num, str, subKey } from '../rows/values.js';
import { JOB_OWN_COLUMNS } from '../sql/jobs.js';
import { NO_LIMIT } from '../sql/queries.js';
import { reserveJobSlot, slotShardOf } from './job-slots.js';

const collectionKey = (ref: CollectionRef): [string, string, string] => [
  subKey(ref.subscriptionId),
  nameKey(ref.cloudService),
  nameKey(ref.collection),
];
const jobKey = (ref: JobRef): [string, string, string, string] => [...collectionKey(ref), nameKey(ref.jobId)];
const paging = (page: Page): [number, number] => [page.top ?? NO_LIMIT, page.skip ?? 0];
const refText = (ref: JobRef): string => `${ref.cloudService}/${ref.collection}/${ref.jobId}`;

/** One string per job as the database identifies it (names compared case-insensitively). */
export const jobCacheKey = (ref: JobRef): string =>
  // The same parts as jobKey, joined without building its array (once per GET job).
  `${subKey(ref.subscriptionId)}\u0000${nameKey(ref.cloudService)}\u0000${nameKey(ref.collection)}\u0000${nameKey(ref.jobId)}`;

export function* getJob(ref: JobRef): Program<Job | undefined> {
  const row = yield* get('selectJob', ...jobKey(ref));
  return row && toJob(row);
}

/** getJob with the row's id, which a later `updateJob` of the job can reuse (SqlStore on SQLite). */
export function* getJobWithPk(ref: JobRef): Program<{ job: Job; pk: number } | undefined> {
  const row = yield* get('selectJob', ...jobKey(ref));
  return row && { job: toJob(row), pk: num(row, 'job_pk') };
}

/**
 * The collection and, if it holds it, the job: one statement. The job row is the collection row's
 * `job_` columns plus the names the collection row already carries (subscription, cloud service).
 */
export function* getJobInCollection(ref: JobRef): Program<{ collection?: JobCollection; job?: Job }> {
  const row = yield* get('selectCollectionAndJob', ...jobKey(ref));
  if (!row) return {};
  const collection = toCollection(row);
  if (row['job_pk'] === null || row['job_pk'] === undefined) return { collection };
  const jobRow: Record<string, unknown> = {
    job_pk: row['job_pk'],
    subscription_id: row['subscription_id'],
    cloud_service_name: row['cloud_service_name'],
    collection_name: row['name'],
  };
  for (const column of JOB_OWN_COLUMNS) jobRow[column] = row[`job_${column}`];
  return { collection, job: toJob(jobRow) };
}

/** getJobInCollection's answer: the job only with its collection, no `undefined` members. */
export function jobInCollection(
  collection: JobCollection | undefined,
  job: Job | undefined,
): { collection?: JobCollection; job?: Job } {
  if (!collection) return {};
  return job ? { collection, job } : { collection };
}

export function* listJobs(ref: CollectionRef, filter: { state?: JobState }, page: Page): Program<Job[]> {
  const rows = yield* all('selectJobs', ...collectionKey(ref), filter.state ?? null, ...paging(page));
  return rows.map(toJob);
}

export function* countJobs(ref: CollectionRef): Program<number> {
  const row = yield* get('countJobsByRef', ...collectionKey(ref));
  return row ? num(row, 'n') : 0;
}

/**
 * Guards in the order missing -> exists -> quota. The job row goes in first (finding its collection
 * in the same statement) and a slot of the collection's counter is reserved last, in one shard of
 * it (job-slots.ts): on PostgreSQL creates into one collection lock different shard rows from that
 * UPDATE to COMMIT, so they commit in parallel. No COUNT(*), no subscription or collection lock on
 * the way. A guard that fails rolls the inserted row back. `exact`: the second attempt after the
 * fast path threw JobSlotSplitNeeded (SqlStore.insertJob).
 */
export function* insertJob(
  job: Job,
  guard: JobInsertGuard,
  exact = false,
  absent: Absent = 'throw',
): Program<boolean> {
  const [sub, cs, jc, id] = jobKey(job.ref);
  const etag = guard.limitsEtag ?? null;
  const inserted = yield* get('insertJob', sub, cs, jc, id, job.ref.jobId, ...jobValues(job), etag);
  if (!inserted) return absent === 'report' ? false : yield* notInserted(job.ref, guard);
  const collectionId = num(inserted, 'collection_id');
  if (!(yield* reserveJobSlot(collectionId, num(inserted, 'id'), guard.maxJobs, exact))) {
    throw new StoreConflict('quota', `job collection ${job.ref.collection} holds ${guard.maxJobs} jobs`);
  }
  return true;
}

/**
 * insertJob and the fast path of its slot reservation in one statement (PostgreSQL, run without
 * BEGIN/COMMIT: Runner.writeEach). A full shard raises JobSlotSplitNeeded (SQLSTATE TKT01, the
 * insert rolled back with it), and the caller runs insertJob exactly.
 */
export function* insertJobAtOnce(
  job: Job,
  guard: JobInsertGuard,
  absent: Absent = 'throw',
): Program<boolean> {
  const [sub, cs, jc, id] = jobKey(job.ref);
  const params = [sub, cs, jc, id, job.ref.jobId, ...jobValues(job), guard.limitsEtag ?? null, guard.maxJobs];
  if (yield* get('insertJobReserving', ...params)) return true;
  return absent === 'report' ? false : yield* notInserted(job.ref, guard);
}

/**
 * When nothing was inserted: `throw` finds out why (StoreConflict 'missing' or 'exists', one more
 * statement); `report` answers false and leaves that to the caller's next read (Store.tryInsertJob).
 */
export type Absent = 'throw' | 'report';

/** Nothing was inserted: the collection is missing, the job exists, or the collection's limits changed. */
function* notInserted(ref: JobRef, guard: JobInsertGuard): Program<never> {
  if (!(yield* get('selectCollectionId', ...collectionKey(ref))))
    throw new StoreConflict('missing', `job collection ${ref.collection} does not exist`);
  if (guard.limitsEtag !== undefined && !(yield* get('selectJobKey', ...jobKey(ref))))
    throw new StoreConflict('version', `job collection ${ref.collection} changed its limits`);
  throw new StoreConflict('exists', `job ${refText(ref)} exists`);
}

/** What an update wrote: the job's row id. */
export interface WrittenJob {
  readonly pk: number;
}

/**
 * One guarded update: missing, then version; a concurrent writer that got in between is 'version'.
 * `knownPk`: the row id from the read the job was made from. Row ids are never reused
 * (AUTOINCREMENT, identity) and a job is never renamed, so a row updated by id at the expected
 * version is this job; when none is, the lookup by name below classifies as if there were no id.
 */
function* updateOne(job: Job, knownPk?: number, guard: JobUpdateGuard = {}): Program<WrittenJob> {
  const { finalRun } = guard;
  // The run before the job: the order in which an outcome locks them (PostgreSQL, FOR UPDATE OF r, j).
  if (finalRun !== undefined && (yield* run('markRunFinal', finalRun, flag(true))) === 0)
    throw new StoreConflict('version', `job ${refText(job.ref)}: its running occurrence ended`);
  // An UPDATE that matches no row because the collection's limits changed is a 'version' conflict.
  const values = [...jobValues(job), guard.limitsEtag ?? null];
  if (knownPk !== undefined) {
    if ((yield* run('updateJob', knownPk, job.version - 1, ...values)) === 1) {
      if (job.state === 'disabled') yield* run('cancelWaitingRuns', knownPk);
      return { pk: knownPk };
    }
  }
  const row = yield* get('selectJobKeyForUpdate', ...jobKey(job.ref));
  if (!row) throw new StoreConflict('missing', `job ${refText(job.ref)} does not exist`);
  const expected = job.version - 1;
  if (num(row, 'version') !== expected) throw new StoreConflict('version', `job ${refText(job.ref)} changed`);
  const pk = num(row, 'job_pk');
  const n = yield* run('updateJob', pk, expected, ...values);
  if (n === 0) throw new StoreConflict('version', `job ${refText(job.ref)} changed`);
  if (job.state === 'disabled') yield* run('cancelWaitingRuns', pk);
  return { pk };
}

/** The job's row id (SqlStore's job cache notes it with the job). Guards: Store.updateJob. */
export function* updateJob(job: Job, knownPk?: number, guard?: JobUpdateGuard): Program<WrittenJob> {
  return yield* updateOne(job, knownPk, guard);
}

export function* updateJobs(jobs: readonly Job[], finalRuns?: ReadonlyMap<Job, string>): Program<void> {
  for (const job of jobs) {
    const finalRun = finalRuns?.get(job);
    yield* updateOne(job, undefined, finalRun === undefined ? {} : { finalRun });
  }
}

/** The id of the job's latest occurrence in series `seriesStartedAt` whose main action is still running. */
export function* pendingRun(ref: JobRef, seriesStartedAt: EpochMs): Program<string | undefined> {
  const row = yield* get('selectPendingRun', ...jobKey(ref), seriesStartedAt);
  return row ? str(row, 'id') : undefined;
}

/**
 * Lock order collection -> counter shard -> job: the collection's key is shared first (PostgreSQL;
 * a collection delete cascades to its jobs and shards), the job's shard is released, then the job goes.
 */
export function* deleteJob(ref: JobRef): Program<boolean> {
  const row = yield* get('findJobKey', ...jobKey(ref));
  if (!row) return false;
  const collectionId = num(row, 'collection_id');
  const shard = slotShardOf(num(row, 'job_pk'));
  yield* run('adjustJobSlot', collectionId, shard, -1);
  if ((yield* run('deleteJob', num(row, 'job_pk'))) > 0) return true;
  // A concurrent delete got there first: the release above was not ours to make.
  yield* run('adjustJobSlot', collectionId, shard, 1);
  return false;
}

/**
 * Entries of a job that no longer exists are dropped: the job's history went with it, and an
 * engine finishing an attempt of a just-deleted job must not fail its whole batch.
 */
export function* appendHistory(entries: readonly HistoryEntry[]): Program<void> {
  const ids = new Map<string, number | null>();
  for (const e of entries) {
    const key = jobKey(e.job).join('\u0000');
    let id = ids.get(key);
    if (id === undefined) {
      const row = yield* get('selectJobKey', ...jobKey(e.job));
      id = row ? num(row, 'job_pk') : null;
      ids.set(key, id);
    }
    if (id !== null) yield* run('insertHistory', id, ...historyValues(e));
  }
}

/** `retained`: only among the job's newest that many entries (absent: every stored entry). */
export function* listHistory(
  ref: JobRef,
  filter: HistoryFilter,
  page: Page,
  retained?: number,
): Program<HistoryEntry[]> {
  const params: Param[] = [
    ...jobKey(ref),
    filter.status ?? null,
    filter.state ?? null,
    ...paging(page),
    // The oldest retained entry's position, read with the list (jobs.ts, `selectHistory`).
    retained === undefined ? null : retained - 1,
  ];
  return (yield* all('selectHistory', ...params)).map(toHistoryEntry);
}
