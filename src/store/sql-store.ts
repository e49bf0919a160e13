import type { CloudService, JobCollection } from '../domain/collection.js';
import type { HistoryEntry } from '../domain/history.js';
import type { CollectionRef, Job, JobRef, JobState } from '../domain/job.js';
import type { OccurrencePlanner } from '../domain/occurrence.js';
import type { ClaimedRun, Lease, RunOutcome } from '../domain/occurrence-outcome.js';
import type { ApiToken, ManagementCertificate, OperationRecord, Subscription } from '../domain/tenant.js';
import type { EpochMs } from '../domain/time.js';
import type {
  CollectionUpdateGuard,
  CreateCollectionGuard,
  CredentialQuery,
  CredentialRecords,
  JobInsertGuard,
  JobUpdateGuard,
  Page,
  RecentHistory,
  SealedJob,
  SealedRun,
  Store,
  WriteOptions,
} from '../ports/store.js';
import { Batcher } from '../batching/batcher.js';
import type { Program, Runner, WriteMode } from './program.js';
import { MISS } from './read-cache.js';
import { storedJob } from './rows/job-rows.js';
import {
  certificateKey,
  credentialRecords,
  credentialsKey,
  subscriptionKey,
  tokenKey,
} from './credential-records.js';
import { StoreCaches } from './store-caches.js';
import type { TenantChangeFeed } from './tenant-change-feed.js';
import * as collectionVerbs from './verbs/collection-verbs.js';
import { claimDue } from './verbs/engine-claim-verbs.js';
import type { ClaimMemo } from './verbs/engine-fair-share.js';
import * as engineVerbs from './verbs/engine-verbs.js';
import { JobSlotSplitNeeded } from './verbs/job-slots.js';
import * as jobVerbs from './verbs/job-verbs.js';
import * as secretVerbs from './verbs/secret-verbs.js';
import * as tenantVerbs from './verbs/tenant-verbs.js';
import { JobPkHints } from './job-pk-hints.js';
import { extend } from '../domain/extend.js';

/** Operation records per write, and writes at once (PostgreSQL: several API requests in parallel). */
const OPERATION_BATCH = 500;
const OPERATION_WRITES = 4;
/** The engine's batch writes: not durable (a lost one is redelivered), a transaction of their own. */
const ENGINE_BATCH = { durable: false, alone: true } as const;
/** SqlStore.write: WriteMode's `durable` and `alone`; `each` and `jobs` as write says. */
type StoreWrite<T> = Omit<WriteMode<T>, 'onWritten'> & {
  readonly each?: boolean;
  readonly jobs?: 'drop' | 'none' | ((value: T) => void);
};

/** A missing collection is never kept: another node's create may not be notified yet (docs/store.md, "Cached collections"). */
const isCollection = (c: JobCollection | undefined): boolean => c !== undefined;

/**
 * The Store port over a dialect's Runner. Every verb is one program (verbs/); writes run in one
 * transaction each (on SQLite a savepoint of the turn's transaction, sqlite/turn-transaction.ts),
 * reads without one.
 */
export class SqlStore implements Store {
  /**
   * Group commit of operation records: every mutating API request leaves one. Requests finishing
   * in one event-loop turn share one write — one round trip on PostgreSQL, one savepoint on SQLite
   * (whose turn shares one commit anyway); a failed batch is written record by record, so one bad
   * record cannot fail the others.
   */
  private readonly operations: Batcher<OperationRecord>;
  /** The read caches, and the counts of this store's writes that drop them (store-caches.ts). */
  private readonly caches: StoreCaches;
  /** Row ids of jobs read through the job cache, for their updates (job-pk-hints.ts). */
  private readonly jobPks = new JobPkHints();
  /** Whether the last claim met a due backlog: picks the claim's cheaper path (engine-fair-share.ts). */
  private readonly claimMemo: ClaimMemo = { backlog: false };
  /** Store.createsFirst: PostgreSQL with a feed (store-caches.ts). */
  readonly createsFirst: boolean;

  /**
   * @param claim The claim program: the step-by-step one (SQLite, in-process) or PostgreSQL's,
   *   which merges its steps into fewer round trips (verbs/engine-claim-pg.ts).
   */
  constructor(
    private readonly db: Runner,
    private readonly claim: typeof claimDue = claimDue,
    options: SqlStoreOptions = {},
  ) {
    this.operations = new Batcher<OperationRecord>({
      write: async (ops) => {
        // Any number of records is one statement (PostgreSQL): no transaction around it, one round trip.
        await this.write(tenantVerbs.putOperations(ops), { each: true, jobs: 'none' });
        return [];
      },
      writeOne: (op) => this.write(tenantVerbs.putOperation(op), { jobs: 'none' }),
      maxItems: OPERATION_BATCH,
      concurrency: OPERATION_WRITES,
    });
    // Other processes' writes: SQLite's data_version, or PostgreSQL's notifications.
    this.caches = new StoreCaches(db.othersChangeCounter?.bind(db), options.tenantFeed);
    this.createsFirst = this.caches.createsFirst;
  }

  /**
   * Every write transaction goes through here. The job cache's count moves before and after (a read
   * taken meanwhile is not kept); `jobs`: 'none' for a write that changes no job row (operation
   * records), or a function that puts the written job in the job cache as soon as this process's
   * reads see it (WriteMode.onWritten; the count moves there instead of after, and again if the
   * write fails). `each`: statements commit one by one where possible (Runner.writeEach).
   */
  private async write<T>(program: Program<T>, how: StoreWrite<T> = {}): Promise<T> {
    const { each = false, jobs = 'drop', ...mode } = how;
    const commit = (m: WriteMode<T>): Promise<T> =>
      each && this.db.writeEach ? this.db.writeEach(program) : this.db.write(program, m);
    if (jobs === 'none') return commit(mode);
    this.caches.jobWrites += 1;
    let counted = false;
    const onWritten = (value: T): void => {
      this.caches.jobWrites += 1;
      counted = true;
      if (typeof jobs === 'function') jobs(value);
    };
    try {
      const value = await commit(typeof jobs === 'function' ? extend(mode, { onWritten }) : mode);
      if (!counted) this.caches.jobWrites += 1;
      return value;
    } catch (e) {
      // Also when the job was already written through: a write refused at its commit is not stored.
      this.caches.jobWrites += 1;
      throw e;
    }
  }

  private tenantRead<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.caches.tenants ? this.caches.tenants.get(key, load) : load();
  }

  /** Every write to the tenant tables goes through here, so cached tenant reads are dropped after it. */
  private async tenantWrite<T>(program: Program<T>): Promise<T> {
    try {
      return await this.write(program);
    } finally {
      this.caches.tenantWrites += 1;
    }
  }

  /** Every write to cloud services or job collections goes through here (the collection cache). */
  private async collectionWrite<T>(program: Program<T>): Promise<T> {
    try {
      return await this.write(program);
    } finally {
      this.caches.collectionWrites += 1;
    }
  }

  migrate = (): Promise<number> => this.db.migrate();
  close = async (): Promise<void> => {
    await this.operations.drain();
    await this.db.close();
  };

  createSubscription = (s: Subscription): Promise<void> =>
    this.tenantWrite(tenantVerbs.createSubscription(s));
  firstSubscription = (c: Subscription): Promise<{ subscription: Subscription; created: boolean }> =>
    this.tenantWrite(tenantVerbs.firstSubscription(c));
  getSubscription = (id: string): Promise<Subscription | undefined> =>
    this.tenantRead(subscriptionKey(id), () => this.db.read(tenantVerbs.getSubscription(id)));
  listSubscriptions = (): Promise<Subscription[]> => this.db.read(tenantVerbs.listSubscriptions());
  updateSubscription = (id: string, change: { enabled?: boolean; registered?: boolean }): Promise<void> =>
    this.tenantWrite(tenantVerbs.updateSubscription(id, change));
  unregisterSubscription = (id: string): Promise<number> =>
    this.tenantWrite(collectionVerbs.unregisterSubscription(id));

  addCertificate = (cert: ManagementCertificate): Promise<void> =>
    this.tenantWrite(tenantVerbs.addCertificate(cert));
  removeCertificate = (thumbprint: string, subscriptionId?: string): Promise<boolean> =>
    this.tenantWrite(tenantVerbs.removeCertificate(thumbprint, subscriptionId));
  findCertificate = (thumbprint: string): Promise<ManagementCertificate | undefined> =>
    this.tenantRead(certificateKey(thumbprint), () => this.db.read(tenantVerbs.findCertificate(thumbprint)));
  listCertificates = (subscriptionId?: string): Promise<ManagementCertificate[]> =>
    this.db.read(tenantVerbs.listCertificates(subscriptionId));

  addToken = (token: ApiToken): Promise<void> => this.tenantWrite(tenantVerbs.addToken(token));
  findTokenByHash = (hash: string): Promise<ApiToken | undefined> =>
    this.tenantRead(tokenKey(hash), () => this.db.read(tenantVerbs.findTokenByHash(hash)));
  listTokens = (subscriptionId: string): Promise<ApiToken[]> =>
    this.db.read(tenantVerbs.listTokens(subscriptionId));
  revokeToken = (id: string, at: EpochMs): Promise<boolean> =>
    this.tenantWrite(tenantVerbs.revokeToken(id, at));
  /**
   * SQLite: the three cached reads, answered from memory without a promise each when all three are
   * there (the usual case: every API request authenticates); PostgreSQL: one statement.
   */
  findCredentials = (query: CredentialQuery): Promise<CredentialRecords> => {
    const cache = this.caches.tenants;
    if (!cache) return this.db.read(tenantVerbs.findCredentials(query));
    if (!this.db.othersChangeCounter) {
      // PostgreSQL: the records of one query are read together (one statement) and kept together.
      return cache.get(credentialsKey(query), () => this.db.read(tenantVerbs.findCredentials(query)));
    }
    const { certificateThumbprint: thumbprint, tokenHash, subscriptionId } = query;
    const certificate =
      thumbprint === undefined
        ? undefined
        : cache.peek<ManagementCertificate | undefined>(certificateKey(thumbprint));
    const token = tokenHash === undefined ? undefined : cache.peek<ApiToken | undefined>(tokenKey(tokenHash));
    const subscription =
      subscriptionId === undefined
        ? undefined
        : cache.peek<Subscription | undefined>(subscriptionKey(subscriptionId));
    if (certificate === MISS || token === MISS || subscription === MISS) return this.loadCredentials(query);
    return Promise.resolve(credentialRecords(certificate, token, subscription));
  };
  private async loadCredentials(query: CredentialQuery): Promise<CredentialRecords> {
    const { certificateThumbprint: thumbprint, tokenHash, subscriptionId } = query;
    const [certificate, token, subscription] = await Promise.all([
      thumbprint === undefined ? undefined : this.findCertificate(thumbprint),
      tokenHash === undefined ? undefined : this.findTokenByHash(tokenHash),
      subscriptionId === undefined ? undefined : this.getSubscription(subscriptionId),
    ]);
    return credentialRecords(certificate, token, subscription);
  }

  createCloudService = (cs: CloudService): Promise<void> =>
    this.collectionWrite(collectionVerbs.createCloudService(cs));
  getCloudService = (subscriptionId: string, name: string): Promise<CloudService | undefined> =>
    this.db.read(collectionVerbs.getCloudService(subscriptionId, name));
  listCloudServices = (subscriptionId: string): Promise<CloudService[]> =>
    this.db.read(collectionVerbs.listCloudServices(subscriptionId));
  deleteCloudService = (subscriptionId: string, name: string): Promise<boolean> =>
    this.collectionWrite(collectionVerbs.deleteCloudService(subscriptionId, name));

  createJobCollection = (jc: JobCollection, guard?: CreateCollectionGuard): Promise<void> =>
    this.collectionWrite(collectionVerbs.createJobCollection(jc, guard));
  updateJobCollection = (jc: JobCollection, guard: CollectionUpdateGuard): Promise<void> =>
    this.collectionWrite(collectionVerbs.updateJobCollection(jc, guard));
  getJobCollection = (ref: CollectionRef): Promise<JobCollection | undefined> =>
    this.caches.collections
      ? this.caches.collections.get(
          collectionVerbs.collectionCacheKey(ref),
          () => this.db.read(collectionVerbs.getJobCollection(ref)),
          isCollection,
        )
      : this.db.read(collectionVerbs.getJobCollection(ref));
  listJobCollections = (subscriptionId: string, cloudService?: string): Promise<JobCollection[]> =>
    this.db.read(collectionVerbs.listJobCollections(subscriptionId, cloudService));
  deleteJobCollection = (ref: CollectionRef, guard?: { expectedEtag?: string }): Promise<boolean> =>
    this.collectionWrite(collectionVerbs.deleteJobCollection(ref, guard));

  getJob = (ref: JobRef): Promise<Job | undefined> =>
    this.caches.jobs
      ? this.caches.jobs.get(jobVerbs.jobCacheKey(ref), () => this.loadJob(ref))
      : this.db.read(jobVerbs.getJob(ref));
  /** A job read on SQLite notes its row id with its ref object, for updateJob (`jobPks`). */
  private async loadJob(ref: JobRef): Promise<Job | undefined> {
    const found = await this.db.read(jobVerbs.getJobWithPk(ref));
    if (!found) return undefined;
    this.jobPks.note(jobVerbs.jobCacheKey(found.job.ref), found.job.ref, found.pk);
    return found.job;
  }
  /** SQLite: the two reads (the job's from its cache); PostgreSQL: one statement. */
  getJobInCollection = async (ref: JobRef): Promise<{ collection?: JobCollection; job?: Job }> => {
    if (!this.caches.jobs || !this.caches.collections) return this.db.read(jobVerbs.getJobInCollection(ref));
    // Both in memory (API clients polling a job): no promise for either.
    const cachedCollection = this.caches.collections.peek<JobCollection | undefined>(
      collectionVerbs.collectionCacheKey(ref),
    );
    const cachedJob = this.caches.jobs.peek<Job | undefined>(jobVerbs.jobCacheKey(ref));
    if (cachedCollection !== MISS && cachedJob !== MISS)
      return jobVerbs.jobInCollection(cachedCollection, cachedJob);
    const [collection, job] = await Promise.all([this.getJobCollection(ref), this.getJob(ref)]);
    return jobVerbs.jobInCollection(collection, job);
  };
  listJobs = (ref: CollectionRef, filter: { state?: JobState }, page: Page): Promise<Job[]> =>
    this.db.read(jobVerbs.listJobs(ref, filter, page));
  countJobs = (ref: CollectionRef): Promise<number> => this.db.read(jobVerbs.countJobs(ref));
  /**
   * In one statement where the runner can (PostgreSQL); once more, exactly, when the job's counter
   * shard was full (verbs/job-slots.ts).
   */
  insertJob = async (job: Job, guard: JobInsertGuard, options?: WriteOptions): Promise<void> => {
    await this.insert(job, guard, options, 'throw');
  };
  tryInsertJob = (job: Job, guard: JobInsertGuard, options?: WriteOptions): Promise<boolean> =>
    this.insert(job, guard, options, 'report');
  private async insert(
    job: Job,
    guard: JobInsertGuard,
    options: WriteOptions | undefined,
    absent: jobVerbs.Absent,
  ): Promise<boolean> {
    // deferSync: no fsync wait, answered once it ran (WriteMode.answerWhenRun).
    const deferred = options?.deferSync === true;
    const mode = { durable: !deferred, answerWhenRun: deferred };
    try {
      return await (this.db.writeEach
        ? this.write(jobVerbs.insertJobAtOnce(job, guard, absent), { each: true })
        : this.write(jobVerbs.insertJob(job, guard, false, absent), mode));
    } catch (e) {
      if (!(e instanceof JobSlotSplitNeeded)) throw e;
      return this.write(jobVerbs.insertJob(job, guard, true, absent), mode);
    }
  }
  updateJob = async (job: Job, options?: WriteOptions, guard?: JobUpdateGuard): Promise<void> => {
    const key = this.caches.jobs ? jobVerbs.jobCacheKey(job.ref) : undefined;
    const pk = key === undefined ? undefined : this.jobPks.pkOf(key, job.ref);
    const deferred = options?.deferSync === true;
    await this.write(jobVerbs.updateJob(job, pk, guard), {
      durable: !deferred,
      answerWhenRun: deferred,
      // updateJob's guards (found, version, limits) all come before its UPDATE; a final run's mark does not.
      checksFirst: guard?.finalRun === undefined,
      jobs: key === undefined ? 'drop' : this.writeThrough(job, key, pk),
    });
  };
  /**
   * SQLite: the replaced job goes into the job cache as written. Only for a job whose ref came
   * from a read of this store (`jobPks` has its row id): its names are spelled as stored.
   */
  private writeThrough(
    job: Job,
    key: string,
    pk: number | undefined,
  ): 'drop' | ((written: jobVerbs.WrittenJob) => void) {
    const cache = this.caches.jobs;
    if (!cache || pk === undefined) return 'drop';
    return (written) => {
      const stored = storedJob(job);
      // The same names as job.ref, so the same key.
      this.jobPks.note(key, stored.ref, written.pk);
      cache.put(key, stored);
    };
  }
  updateJobs: Store['updateJobs'] = (jobs, finalRuns, jc) =>
    jc
      ? this.collectionWrite(collectionVerbs.updateCollectionAndJobs(jc, jobs, finalRuns))
      : this.write(jobVerbs.updateJobs(jobs, finalRuns));
  pendingRun = (ref: JobRef, seriesStartedAt: EpochMs): Promise<string | undefined> =>
    this.db.read(jobVerbs.pendingRun(ref, seriesStartedAt));
  deleteJob = (ref: JobRef): Promise<boolean> => this.write(jobVerbs.deleteJob(ref));

  appendHistory = (entries: readonly HistoryEntry[]): Promise<void> =>
    this.write(jobVerbs.appendHistory(entries));
  listHistory: Store['listHistory'] = (ref, filter, page, retained) =>
    this.db.read(jobVerbs.listHistory(ref, filter, page, retained));

  syncWrites = (): Promise<void> => (this.db.sync ? this.db.sync() : Promise.resolve());
  syncFailures = (): number => (this.db.syncFailures ? this.db.syncFailures() : 0);

  /** Grouped: the records of one event-loop turn share one transaction (the operations Batcher). */
  putOperation = (op: OperationRecord): Promise<void> => this.operations.add(op);
  getOperation = (subscriptionId: string, id: string): Promise<OperationRecord | undefined> =>
    this.db.read(tenantVerbs.getOperation(subscriptionId, id));
  pruneOperations = (before: EpochMs): Promise<number> =>
    this.write(tenantVerbs.pruneOperations(before), { jobs: 'none' });

  peekDue = (until: EpochMs, limit: number): Promise<EpochMs[]> =>
    this.db.read(engineVerbs.peekDue(until, limit));
  claimDue = (
    now: EpochMs,
    limit: number,
    lease: Lease,
    planner: OccurrencePlanner,
    newRunId: () => string,
  ): Promise<ClaimedRun[]> =>
    this.write(this.claim(now, limit, lease, planner, newRunId, this.claimMemo), ENGINE_BATCH);
  recordOutcomes = (batch: readonly RunOutcome[]): Promise<string[]> =>
    this.write(engineVerbs.recordOutcomes(batch), ENGINE_BATCH);
  extendLeases = (owner: string, runIds: readonly string[], until: EpochMs): Promise<string[]> =>
    this.write(engineVerbs.extendLeases(owner, runIds, until), ENGINE_BATCH);
  releaseLeases = (owner: string): Promise<number> =>
    this.write(engineVerbs.releaseLeases(owner), ENGINE_BATCH);
  pruneHistory: Store['pruneHistory'] = (retention, step) =>
    this.write(engineVerbs.pruneHistory(retention, step), ENGINE_BATCH);
  recentHistoryJobs = (afterMark: number): Promise<RecentHistory> =>
    this.db.read(engineVerbs.recentHistoryJobs(afterMark));
  trimHistoryOf = (maxEntriesPerJob: number, jobIds: readonly number[]): Promise<number> =>
    this.write(engineVerbs.trimHistoryOf(maxEntriesPerJob, jobIds), ENGINE_BATCH);
  deleteFinishedJobs = (before: EpochMs, limit: number): Promise<number> =>
    this.write(engineVerbs.deleteFinishedJobs(before, limit), ENGINE_BATCH);
  startExtraRun: Store['startExtraRun'] = (ref, runId, now, plan) =>
    this.write(engineVerbs.startExtraRun(ref, runId, now, plan));

  pageSealedJobs = (afterKey: number, limit: number, withSecrets?: boolean): Promise<SealedJob[]> =>
    this.db.read(secretVerbs.pageSealedJobs(afterKey, limit, withSecrets));
  resealJobs = (jobs: readonly SealedJob[]): Promise<number> => this.write(secretVerbs.resealJobs(jobs));
  pageSealedRuns = (afterId: string, limit: number): Promise<SealedRun[]> =>
    this.db.read(secretVerbs.pageSealedRuns(afterId, limit));
  resealRuns = (runs: readonly SealedRun[]): Promise<number> => this.write(secretVerbs.resealRuns(runs));
}

export interface SqlStoreOptions {
  /**
   * PostgreSQL: where notifications of tenant changes by other processes arrive; with it,
   * authentication's reads are cached as on SQLite (docs/store.md, "Cached credentials").
   */
  readonly tenantFeed?: TenantChangeFeed;
}
