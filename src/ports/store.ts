import type { CloudService, JobCollection } from '../domain/collection.js';
import type { HistoryEntry, HistoryFilter } from '../domain/history.js';
import type {
  CollectionRef,
  Job,
  JobAction,
  JobCounters,
  JobDefinition,
  JobRef,
  JobSchedule,
  JobState,
} from '../domain/job.js';
import type { NewOccurrence, OccurrencePlanner } from '../domain/occurrence.js';
import type { SealedSecret } from '../domain/secret.js';
import type { ClaimedRun, HistoryRetention, Lease, RunOutcome } from '../domain/occurrence-outcome.js';
import type { ApiToken, ManagementCertificate, OperationRecord, Subscription } from '../domain/tenant.js';
import type { EpochMs } from '../domain/time.js';

/**
 * The store port, phrased in scheduler verbs. Adapters: SQLite (embedded, default) and PostgreSQL
 * (cluster). One conformance suite (test/store-contract/) runs unchanged against both.
 *
 * Conventions
 * - Names (cloud service, collection, job) are looked up case-insensitively and returned in the
 *   casing they were created with. Subscription ids are lower-case GUIDs.
 * - Every write is atomic: it happens entirely or not at all.
 * - Guarded writes fail with `StoreConflict` (never a partial write) when their guard does not hold.
 * - All times are integer epoch milliseconds.
 */

export type StoreConflictReason =
  | 'exists' // the name is already taken (case-insensitive)
  | 'missing' // the parent or the resource itself does not exist
  | 'not-empty' // delete of a parent that still has children
  | 'quota' // a count guard did not hold
  | 'etag' // If-Match guard did not hold
  | 'version' // optimistic-concurrency guard did not hold
  | 'unregistered'; // the subscription is not registered for the resource provider

export class StoreConflict extends Error {
  readonly reason: StoreConflictReason;
  constructor(reason: StoreConflictReason, message?: string) {
    super(message ?? `store conflict: ${reason}`);
    this.name = 'StoreConflict';
    this.reason = reason;
  }
}

/**
 * The database cannot be reached or is overloaded (connection refused or lost, pool exhausted,
 * lock wait timed out). Transient: the API answers 503 ServerBusy and the client retries.
 */
export class StoreUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailable';
  }
}

/** The history mark and the jobs (internal ids, ascending) with entries after an earlier mark, with how many. */
export interface RecentHistory {
  readonly mark: number;
  readonly jobs: readonly { readonly id: number; readonly entries: number }[];
}

export interface Page {
  readonly skip?: number;
  /** Absent = everything after skip. */
  readonly top?: number;
}

/** A stored job definition as `takt keys rotate` sees it; `key` is an opaque paging cursor. */
export interface SealedJob {
  readonly key: number;
  readonly version: number;
  readonly definition: JobDefinition<SealedSecret>;
}

/** The action snapshot of a run in progress (it carries sealed secrets too). */
export interface SealedRun {
  readonly id: string;
  readonly action: JobAction<SealedSecret>;
}

export interface CreateCollectionGuard {
  readonly maxOfPlanPerSubscription?: number;
  /** Created with the collection when no cloud service of that name exists. */
  readonly cloudService?: CloudService;
}

/** What authentication looks up for one request (app/authenticate.ts); absent parts are not read. */
export interface CredentialQuery {
  /** Upper-case hex. */
  readonly certificateThumbprint?: string;
  readonly tokenHash?: string;
  readonly subscriptionId?: string;
}

export interface CredentialRecords {
  readonly certificate?: ManagementCertificate;
  readonly token?: ApiToken;
  readonly subscription?: Subscription;
}

/** How a single write of the API waits for the disk (docs/store.md, Durability). */
export interface WriteOptions {
  /**
   * Answer before the group fsync (SQLite), as soon as the write ran, even before its commit: the
   * caller guarantees a later durable write or `syncWrites()` covers it before anything is
   * acknowledged, and that `syncFailures()` did not move meanwhile (the API's operation record,
   * src/api/pipeline/write-operation-record.ts; docs/store.md "One transaction per turn"). No effect
   * where each commit is durable itself.
   */
  readonly deferSync?: boolean;
}

/** The guards of a job create beyond existence: the collection's job count, and its limits' ETag. */
export interface JobInsertGuard {
  readonly maxJobs: number;
  /**
   * The collection's ETag when the job was checked against its limits (plan, quota): a change
   * committed since refuses the write ('version'), and the caller checks again with the new limits.
   */
  readonly limitsEtag?: string;
}

/** The guards of a job collection update. */
export interface CollectionUpdateGuard {
  readonly expectedEtag?: string;
  /** Its stored `updatedAt` equals this ('version' otherwise): no state write came in between. */
  readonly expectedUpdatedAt?: EpochMs;
  readonly maxOfPlanPerSubscription?: number;
  /**
   * Called in the update's transaction, with the collection locked against job writes, with every
   * job of the collection: it throws to refuse new limits they would break (nothing is written).
   * A job write checked against the old limits and committed after is refused by its `limitsEtag`.
   */
  readonly jobsFit?: (jobs: readonly Job[]) => void;
}

/** A collection to write with its guard (Store.updateJobs). */
export interface GuardedCollection {
  readonly jc: JobCollection;
  readonly guard: CollectionUpdateGuard;
}

/** The guards of a job update beyond its version. */
export interface JobUpdateGuard {
  /** From `pendingRun`: that occurrence becomes the job's final one, in the same transaction. */
  readonly finalRun?: string;
  /** As JobInsertGuard's. */
  readonly limitsEtag?: string;
}

export interface Store {
  /** Applies pending migrations under a lock (safe when several nodes start at once); resolves to how many it applied. */
  migrate(): Promise<number>;
  close(): Promise<void>;

  // ---- subscriptions, credentials -------------------------------------------------------------
  createSubscription(s: Subscription): Promise<void>;
  /**
   * The oldest subscription, or `candidate` created when the store has none: one step, so nodes
   * starting together on an empty database make one default subscription, not one each.
   */
  firstSubscription(candidate: Subscription): Promise<{ subscription: Subscription; created: boolean }>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  listSubscriptions(): Promise<Subscription[]>;
  updateSubscription(id: string, change: { enabled?: boolean; registered?: boolean }): Promise<void>;
  /**
   * Unregisters the subscription from the resource provider unless it holds job collections, atomically
   * with respect to collection creates (which are refused 'unregistered' once it is). Answers how many
   * collections it holds: 0 when it was unregistered, else nothing changed.
   */
  unregisterSubscription(id: string): Promise<number>;

  /** Adds the certificate (or adds subscriptions to an existing thumbprint's mapping). */
  addCertificate(cert: ManagementCertificate): Promise<void>;
  /** Unmaps the thumbprint from one subscription, or entirely when none is given. False if absent. */
  removeCertificate(thumbprint: string, subscriptionId?: string): Promise<boolean>;
  findCertificate(thumbprint: string): Promise<ManagementCertificate | undefined>;
  listCertificates(subscriptionId?: string): Promise<ManagementCertificate[]>;

  addToken(token: ApiToken): Promise<void>;
  findTokenByHash(hash: string): Promise<ApiToken | undefined>;
  listTokens(subscriptionId: string): Promise<ApiToken[]>;
  /** False when no such token (or already revoked). */
  revokeToken(id: string, at: EpochMs): Promise<boolean>;
  /**
   * findCertificate, findTokenByHash and getSubscription at once: authentication's reads on every
   * API request, in one round trip where the database is remote (PostgreSQL).
   */
  findCredentials(query: CredentialQuery): Promise<CredentialRecords>;

  // ---- cloud services ----------------------------------------------------------------------------
  /** StoreConflict('exists') if the name is taken; ('missing') if the subscription does not exist. */
  createCloudService(cs: CloudService): Promise<void>;
  getCloudService(subscriptionId: string, name: string): Promise<CloudService | undefined>;
  /** Ordered by name (case-insensitive). */
  listCloudServices(subscriptionId: string): Promise<CloudService[]>;
  /** With its job collections, their jobs, history and runs, in one transaction; false if absent. */
  deleteCloudService(subscriptionId: string, name: string): Promise<boolean>;

  // ---- job collections ---------------------------------------------------------------------------
  /**
   * Creates a collection. Guards: the cloud service exists ('missing'); the name is free ('exists');
   * when `maxOfPlanPerSubscription` is given, fewer than that many collections of the same plan
   * exist in the subscription ('quota'). With `cloudService`, a missing cloud service is created
   * first, in the same transaction (an ARM create into a new resource group).
   */
  createJobCollection(jc: JobCollection, guard?: CreateCollectionGuard): Promise<void>;
  /**
   * Replaces a collection's settings. Guards: it exists ('missing'); its current ETag equals
   * `expectedEtag` when given ('etag'); the plan cap as for create ('quota'); `jobsFit`.
   */
  updateJobCollection(jc: JobCollection, guard: CollectionUpdateGuard): Promise<void>;
  getJobCollection(ref: CollectionRef): Promise<JobCollection | undefined>;
  /** Ordered by name. All of the subscription's collections when `cloudService` is absent. */
  listJobCollections(subscriptionId: string, cloudService?: string): Promise<JobCollection[]>;
  /** Deletes the collection with its jobs, their history and pending work. False if absent. */
  deleteJobCollection(ref: CollectionRef, guard?: { expectedEtag?: string }): Promise<boolean>;

  // ---- jobs ---------------------------------------------------------------------------------------
  getJob(ref: JobRef): Promise<Job | undefined>;
  /** Ordered by job id (case-insensitive ordinal); filter, then skip, then top. */
  listJobs(ref: CollectionRef, filter: { state?: JobState }, page: Page): Promise<Job[]>;
  countJobs(ref: CollectionRef): Promise<number>;
  /**
   * getJobCollection and, if the collection exists, getJob: a PUT's two reads, in one round trip
   * where the database is remote (PostgreSQL).
   */
  getJobInCollection(ref: JobRef): Promise<{ collection?: JobCollection; job?: Job }>;
  /**
   * Inserts a new job. Guards: the collection exists ('missing'); the id is free ('exists');
   * the collection holds fewer than `maxJobs` jobs ('quota').
   */
  insertJob(job: Job, guard: JobInsertGuard, write?: WriteOptions): Promise<void>;
  /**
   * Whether a job read costs a round trip that trying the create first saves (PostgreSQL, whose
   * nodes keep collections in memory): a PUT then inserts at once and reads the job only when
   * nothing was inserted (app/jobs/write-job.ts, docs/store.md "Cached collections").
   */
  readonly createsFirst: boolean;
  /**
   * insertJob, but false when nothing was inserted (the job exists or its collection does not),
   * without the statement that would tell which: the caller's next read does. Quota: as insertJob.
   */
  tryInsertJob(job: Job, guard: JobInsertGuard, write?: WriteOptions): Promise<boolean>;
  /**
   * Replaces a stored job (same ref) with `job`, whose `version` must be the stored version + 1.
   * Guard: the stored version equals `job.version - 1` ('version'), it exists ('missing'); `guard`:
   * the final run's main action has not ended and the collection's limits have not changed
   * ('version' otherwise).
   */
  updateJob(job: Job, write?: WriteOptions, guard?: JobUpdateGuard): Promise<void>;
  /**
   * Writes several jobs of one collection atomically (PATCH-all), each guarded as `updateJob`; with
   * `collection`, that collection's row first, guarded as `updateJobCollection`, in the same
   * transaction (its ARM state is recorded with the jobs it describes).
   */
  updateJobs(
    jobs: readonly Job[],
    finalRuns?: ReadonlyMap<Job, string>,
    collection?: GuardedCollection,
  ): Promise<void>;
  /**
   * The id of the job's latest occurrence of the series begun at `seriesStartedAt` whose main action
   * is still running (an attempt or a waiting retry), if any (docs/reference/scheduling-rules.md §4.8).
   */
  pendingRun(ref: JobRef, seriesStartedAt: EpochMs): Promise<string | undefined>;
  /** Deletes the job, its history and pending work. False if absent. */
  deleteJob(ref: JobRef): Promise<boolean>;

  // ---- history ------------------------------------------------------------------------------------
  appendHistory(entries: readonly HistoryEntry[]): Promise<void>;
  /** Newest first (timestamp, then recording order); filter, then skip, then top. */
  /**
   * Newest first. `retained`: only among the job's newest that many entries — the count rule as a
   * reader sees it, though the sweep trims a job only once it may hold a tenth more (docs/engine.md,
   * "Retention"); absent: every stored entry.
   */
  listHistory(ref: JobRef, filter: HistoryFilter, page: Page, retained?: number): Promise<HistoryEntry[]>;

  // ---- durability ------------------------------------------------------------------------------
  /** Resolves once every write committed before the call is on disk (after `deferSync` writes). */
  syncWrites(): Promise<void>;
  /**
   * How many of the store's group fsyncs failed so far, and of its transactions were rolled back
   * after answering a `deferSync` write (0 where commits sync themselves). A `deferSync` write is on
   * disk once a durable write committed after it succeeded *and* this did not move meanwhile: a
   * failed fsync may have lost the earlier commit even if a later one works.
   */
  syncFailures(): number;

  // ---- operation records ------------------------------------------------------------------------
  putOperation(op: OperationRecord): Promise<void>;
  getOperation(subscriptionId: string, id: string): Promise<OperationRecord | undefined>;
  /** Deletes records created before `before`; returns how many. */
  pruneOperations(before: EpochMs): Promise<number>;

  // ---- execution engine (docs/engine.md) -----------------------------------------------------------
  /** Sorted due times up to `until`: enabled jobs of running collections, pending attempts, expired leases. */
  peekDue(until: EpochMs, limit: number): Promise<EpochMs[]>;
  /**
   * One transaction: leases up to `limit` due runs (redelivering expired leases with the same tag
   * and retry count) and starts due occurrences of enabled jobs through `planner`, creating their
   * run rows (ids from `newRunId`) already leased. PostgreSQL skips rows other nodes hold.
   */
  claimDue(
    now: EpochMs,
    limit: number,
    lease: Lease,
    planner: OccurrencePlanner,
    newRunId: () => string,
  ): Promise<ClaimedRun[]>;
  /** One transaction for the batch; answers the run ids whose outcome was stale (ignored). */
  recordOutcomes(batch: readonly RunOutcome[]): Promise<string[]>;
  /** Renews leases still held by `owner`; answers the run ids it still holds. */
  extendLeases(owner: string, runIds: readonly string[], until: EpochMs): Promise<string[]>;
  /** Frees every lease of `owner` so any node can take the attempts at once; answers how many. */
  releaseLeases(owner: string): Promise<number>;
  /** One bounded step of the history retention sweep (cursor 0 starts; an absent cursor means done). */
  pruneHistory(
    retention: HistoryRetention,
    step: { readonly cursor: number; readonly jobs: number },
  ): Promise<{ deleted: number; cursor?: number }>;
  /**
   * The history mark (an opaque, growing number: the newest entry's position) and the jobs, by
   * internal id in ascending order, with the number of entries each recorded after `afterMark`
   * (0: every job with history). Incremental sweeps trim only those jobs, and only once they may
   * exceed the count rule by a tenth.
   */
  recentHistoryJobs(afterMark: number): Promise<RecentHistory>;
  /** The count rule alone for the given jobs (ids from `recentHistoryJobs`); answers rows deleted. */
  trimHistoryOf(maxEntriesPerJob: number, jobIds: readonly number[]): Promise<number>;
  /** Deletes up to `limit` jobs that finished before `before` (history and runs with them). */
  deleteFinishedJobs(before: EpochMs, limit: number): Promise<number>;
  /**
   * Run-now: an extra occurrence of the job, due at once, planned by `plan` from the stored job.
   * Guards: the job exists ('missing'); it did not change meanwhile ('version').
   */
  startExtraRun(
    ref: JobRef,
    runId: string,
    now: EpochMs,
    plan: (job: Job) => {
      readonly counters: JobCounters;
      readonly schedule: JobSchedule;
      readonly occurrence: NewOccurrence;
    },
  ): Promise<{ readonly executionTag: string; readonly repeatCount: number }>;

  // ---- secrets at rest (takt keys rotate; src/store/verbs/secret-verbs.ts) ----------------------------
  /**
   * Up to `limit` stored job definitions after cursor `afterKey` (0 starts), in storage order; with
   * `withSecrets`, only definitions that hold a sealed value.
   */
  pageSealedJobs(afterKey: number, limit: number, withSecrets?: boolean): Promise<SealedJob[]>;
  /** One transaction: rewrites each definition whose version is still `version` (the version is kept). Answers how many. */
  resealJobs(jobs: readonly SealedJob[]): Promise<number>;
  /** Up to `limit` run action snapshots after cursor `afterId` ('' starts). */
  pageSealedRuns(afterId: string, limit: number): Promise<SealedRun[]>;
  /** One transaction: rewrites the snapshots of the runs that still exist. Answers how many. */
  resealRuns(runs: readonly SealedRun[]): Promise<number>;
}
