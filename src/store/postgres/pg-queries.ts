import {
  LOCK_CLOUD_SERVICE,
  LOCK_COLLECTION,
  LOCK_SUBSCRIPTION,
  OF_COLLECTION,
  ofSubscription,
} from '../sql/collections.js';
import { ENGINE_POSTGRES_QUERIES } from '../sql/engine.js';
import { insertJobReservingSql, insertJobSql } from '../sql/jobs.js';
import { QUERIES, type QueryTable } from '../sql/queries.js';
import { TENANT_POSTGRES_QUERIES } from '../sql/tenant.js';

/**
 * PostgreSQL's query table: the shared SQL, with the `lock*` reads taking row locks so guarded
 * writes in concurrent transactions serialize (SQLite gets this from BEGIN IMMEDIATE).
 * `FOR UPDATE OF` names the table whose row is the lock; the joined parents are only read.
 *
 * `selectJobKey` (only used by writes: update, delete, history append) locks the job row too:
 * otherwise a job deleted between the lookup and the history insert leaves a history row behind
 * (history has no foreign key: docs/store.md, "The engine's rows without key checks"), and a
 * version check could read a version that a concurrent writer is about to change.
 */
/** Sets `held` on the rows of `table` in `scope` that are not held, skipping rows another transaction holds. */
const holdSkippingLocked = (table: 'jobs' | 'runs', scope: string): string =>
  `UPDATE ${table} SET held = TRUE WHERE id IN (SELECT id FROM ${table} WHERE held = FALSE AND ${scope} FOR UPDATE SKIP LOCKED)`;

export const PG_QUERIES: QueryTable = {
  ...QUERIES,
  lockSubscription: `${LOCK_SUBSCRIPTION} FOR UPDATE`,
  lockCloudService: `${LOCK_CLOUD_SERVICE} FOR UPDATE OF s`,
  lockCollection: `${LOCK_COLLECTION} FOR UPDATE OF c`,
  lockCollectionsOfCloudService: `${QUERIES.lockCollectionsOfCloudService} FOR UPDATE`,
  selectJobKey: `${QUERIES.selectJobKey} FOR UPDATE OF j`,
  // A job write shares its collection row's key until COMMIT, and a collection update locks that
  // row (lockCollection): a plan or quota change waits for the writes in flight, and a write that
  // waited for it finds the new ETag (its limits guard, sql/jobs.ts LIMITS_UNCHANGED) and reads again.
  selectJobKeyForUpdate: `${QUERIES.selectJobKeyForUpdate} FOR UPDATE OF j FOR KEY SHARE OF c`,
  insertJob: insertJobSql('FOR KEY SHARE OF c'),
  insertJobReserving: insertJobReservingSql('FOR KEY SHARE OF c'),
  findJobKey: `${QUERIES.findJobKey} FOR KEY SHARE OF c`,
  lockJobSlots: `${QUERIES.lockJobSlots} FOR UPDATE`,
  // A suspension skips the rows a claim or an outcome batch holds: it never waits for the engine,
  // so it cannot deadlock with an outcome batch locking the same runs and jobs in another order
  // (the usual moment to suspend is while a failing endpoint's outcomes are being recorded). A row
  // it skipped stays `held = FALSE`, which costs the due order a step and changes nothing else:
  // `c.suspended` and RUN_NOT_SUSPENDED keep it waiting. A resumption clears every row, waiting if
  // it must: a row left held in a running collection would never run (docs/engine.md,
  // "Suspended collections").
  holdCollectionJobs: holdSkippingLocked('jobs', OF_COLLECTION),
  holdCollectionRuns: holdSkippingLocked('runs', OF_COLLECTION),
  holdSubscriptionJobs: holdSkippingLocked('jobs', ofSubscription(false)),
  holdSubscriptionRuns: holdSkippingLocked('runs', ofSubscription(false)),
  lockCollectionsOfSubscription: `${QUERIES.lockCollectionsOfSubscription} FOR UPDATE`,
  ...ENGINE_POSTGRES_QUERIES,
  ...TENANT_POSTGRES_QUERIES,
};
