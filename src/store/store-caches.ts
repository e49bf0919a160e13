import { ReadCache } from './read-cache.js';
import type { TenantChangeFeed } from './tenant-change-feed.js';

/**
 * The SqlStore's three read caches (read-cache.ts) and the counts of this store's writes that drop
 * each. Which caches a store has follows from what tells it about other connections' commits:
 * SQLite's `data_version` (all three), or a PostgreSQL node's tenant feed (tenants and collections).
 */
export class StoreCaches {
  /**
   * Subscriptions, certificates and tokens read by authentication; SQLite, and PostgreSQL given a
   * tenant feed (docs/store.md, "Cached credentials").
   */
  readonly tenants: ReadCache | undefined;
  tenantWrites = 0;
  /**
   * Job collections read by every job request (`getJobCollection`: plan, quota, state), under the
   * tenant rule: dropped by every write of this store to cloud services or collections and by
   * another connection's commit — SQLite's data_version, or PostgreSQL's notifications given a
   * tenant feed (docs/store.md, "Cached collections").
   */
  readonly collections: ReadCache | undefined;
  collectionWrites = 0;
  /**
   * Jobs read by `getJob` (GET job, read-modify-write), SQLite only: dropped by every write of the
   * store that can change a job row — an engine outcome changes a job's counters — and by another
   * connection's commit; not by operation records. A job the API replaced or patched is put back
   * as committed (write-through, `updateJob`), so the next PUT or GET of it reads nothing. It pays
   * off while a store is quiet (API polling and updating of jobs that run hourly or daily); a busy
   * engine simply keeps it empty.
   */
  readonly jobs: ReadCache | undefined;
  jobWrites = 0;
  /** Collections in memory and jobs a round trip away: PostgreSQL with a feed (Store.createsFirst). */
  readonly createsFirst: boolean;

  /**
   * @param others The runner's counter of other connections' commits (SQLite), if it has one.
   * @param feed A PostgreSQL node's notifications of tenant and collection changes.
   */
  constructor(others: (() => number) | undefined, feed: TenantChangeFeed | undefined) {
    const othersTenants = others ?? (feed ? () => feed.counter() : undefined);
    this.tenants = othersTenants ? new ReadCache(othersTenants, () => this.tenantWrites) : undefined;
    this.collections = othersTenants ? new ReadCache(othersTenants, () => this.collectionWrites) : undefined;
    this.jobs = others ? new ReadCache(others, () => this.jobWrites) : undefined;
    this.createsFirst = this.collections !== undefined && this.jobs === undefined;
  }
}
