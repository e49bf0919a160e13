/**
 * Cloud services and job collections (common SQL). Queries named `lock*` read the row a guarded
 * write depends on; PostgreSQL overrides them with `FOR UPDATE` (see postgres/queries.ts), SQLite
 * needs nothing more because its write transactions are `BEGIN IMMEDIATE` (one writer at a time).
 */
const CS_COLUMNS = `s.id AS cs_id, s.subscription_id, s.name, s.label, s.description, s.geo_region, s.email, s.etag, s.created_at`;
export const JC_COLUMNS = `c.id AS jc_id, s.subscription_id, s.name AS cloud_service_name, c.name, c.plan, c.quota, c.label,
  c.schema_version, c.etag, c.last_operation, c.suspended, c.arm, c.created_at, c.updated_at, c.tenant_disabled`;

export const LOCK_SUBSCRIPTION = `SELECT id, registered FROM subscriptions WHERE id = $1`;

/**
 * Whether collection `c`'s jobs are held back: it is suspended or its subscription is disabled
 * (docs/engine.md, "Suspended collections", "Disabled subscriptions"). The one definition of what
 * `held` mirrors on its jobs and runs.
 */
export const collectionHeld = (c: string): string => `${c}.suspended OR ${c}.tenant_disabled`;
/** Its negation as the claims write it: `suspended` compared with `suspended` (a parameter where the query takes one). */
export const collectionRunning = (c: string, suspended = 'FALSE'): string =>
  `${c}.suspended = ${suspended} AND ${c}.tenant_disabled = FALSE`;
export const LOCK_CLOUD_SERVICE = `SELECT ${CS_COLUMNS} FROM cloud_services s WHERE s.subscription_id = $1 AND s.name_key = $2`;
/**
 * The row id of the cloud service keyed by $1 (subscription) and $2 (its name), as a scalar
 * subquery: a collection is then found by `c.cloud_service_id = (…) AND c.name_key = $3`, a search
 * on both columns of its unique index whatever PostgreSQL's statistics say (docs/store.md, "Plans
 * that hold without statistics"); joined on the key columns, the plan made on an empty database
 * searched that index by name alone, across every cloud service.
 */
export const CLOUD_SERVICE_ID = `(SELECT s1.id FROM cloud_services s1 WHERE s1.subscription_id = $1 AND s1.name_key = $2)`;
export const LOCK_COLLECTION = `SELECT ${JC_COLUMNS} FROM job_collections c JOIN cloud_services s ON s.id = c.cloud_service_id
  WHERE c.cloud_service_id = ${CLOUD_SERVICE_ID} AND c.name_key = $3`;

/** The rows (of jobs or runs) of collection $1. */
export const OF_COLLECTION = 'collection_id = $1';
/** The rows of subscription $1's collections; `running`: only of those not suspended. */
export const ofSubscription = (running: boolean): string =>
  `collection_id IN (SELECT id FROM job_collections WHERE subscription_id = $1${running ? ' AND suspended = FALSE' : ''})`;
/** Sets `held` on the rows of `table` in `scope` that are not so already (docs/engine.md, "Suspended collections"). */
const setHeld = (table: 'jobs' | 'runs', held: boolean, scope: string): string =>
  `UPDATE ${table} SET held = ${held ? 'TRUE' : 'FALSE'} WHERE held = ${held ? 'FALSE' : 'TRUE'} AND ${scope}`;

export const COLLECTION_QUERIES = {
  lockSubscription: LOCK_SUBSCRIPTION,
  lockCloudService: LOCK_CLOUD_SERVICE,
  lockCollection: LOCK_COLLECTION,

  insertCloudService: `INSERT INTO cloud_services
      (subscription_id, name_key, name, label, description, geo_region, email, etag, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  selectCloudService: LOCK_CLOUD_SERVICE,
  selectCloudServices: `SELECT ${CS_COLUMNS} FROM cloud_services s WHERE s.subscription_id = $1 ORDER BY s.name_key`,
  /** A cloud service's collections, in id order so concurrent deleters lock them alike. */
  lockCollectionsOfCloudService: `SELECT id FROM job_collections WHERE cloud_service_id = $1 ORDER BY id`,
  /** Their jobs, history and pending runs go with them (cascade, docs/store.md). */
  deleteCollectionsOfCloudService: `DELETE FROM job_collections WHERE cloud_service_id = $1`,
  deleteCloudService: `DELETE FROM cloud_services WHERE id = $1`,

  insertCollection: `INSERT INTO job_collections
      (cloud_service_id, subscription_id, name_key, name, plan, quota, label, schema_version, etag, last_operation,
       suspended, arm, created_at, updated_at, tenant_disabled)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
      COALESCE((SELECT NOT enabled FROM subscriptions WHERE id = $2), FALSE)) RETURNING id`,
  selectCollection: LOCK_COLLECTION,
  selectCollections: `SELECT ${JC_COLUMNS} FROM job_collections c JOIN cloud_services s ON s.id = c.cloud_service_id
    WHERE s.subscription_id = $1 AND (CAST($2 AS TEXT) IS NULL OR s.name_key = $2)
    ORDER BY c.name_key, s.name_key`,
  /** How many collections a subscription holds (unregister refuses while there are any). */
  countCollections: `SELECT COUNT(*) AS n FROM job_collections WHERE subscription_id = $1`,
  /** Collections of a plan in a subscription, not counting the one being updated (-1 on create). */
  countCollectionsOfPlan: `SELECT COUNT(*) AS n FROM job_collections WHERE subscription_id = $1 AND plan = $2 AND id <> $3`,
  /**
   * A suspension holds every job of collection $1 apart in the due indexes, out of the due order's
   * way, and a resumption puts them back (docs/engine.md, "Suspended collections"); run with the
   * collection row locked. The same for its occurrences in progress in `runs_by_wake`.
   */
  holdCollectionJobs: setHeld('jobs', true, OF_COLLECTION),
  holdCollectionRuns: setHeld('runs', true, OF_COLLECTION),
  releaseCollectionJobs: setHeld('jobs', false, OF_COLLECTION),
  releaseCollectionRuns: setHeld('runs', false, OF_COLLECTION),
  /**
   * A subscription's state on its collections (docs/engine.md, "Disabled subscriptions"): $2 true
   * while it is disabled. The collections are locked first (PostgreSQL: FOR UPDATE,
   * pg-queries.ts), so a job insert, which shares its collection row's key, reads the state
   * committed here (sql/jobs.ts, insertJobSql).
   */
  lockCollectionsOfSubscription: `SELECT id FROM job_collections WHERE subscription_id = $1`,
  setTenantDisabled: `UPDATE job_collections SET tenant_disabled = $2 WHERE subscription_id = $1 AND tenant_disabled <> $2`,
  holdSubscriptionJobs: setHeld('jobs', true, ofSubscription(false)),
  holdSubscriptionRuns: setHeld('runs', true, ofSubscription(false)),
  /** Only the collections not suspended: a suspended one's stay held. */
  releaseSubscriptionJobs: setHeld('jobs', false, ofSubscription(true)),
  releaseSubscriptionRuns: setHeld('runs', false, ofSubscription(true)),
  updateCollection: `UPDATE job_collections SET plan = $2, quota = $3, label = $4, schema_version = $5, etag = $6,
      last_operation = $7, suspended = $8, arm = $9, updated_at = $10
    WHERE id = $1`,
  /** Jobs and their history go with it (cascade, docs/store.md). */
  deleteCollection: `DELETE FROM job_collections WHERE id = $1`,
} as const;
