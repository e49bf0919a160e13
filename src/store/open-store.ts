import { POSTGRES_MIGRATIONS } from './migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { PgRunner } from './postgres/pg-runner.js';
import { PG_QUERIES } from './postgres/pg-queries.js';
import { PG_WARM_STATEMENTS, WARM_CONNECTIONS } from './postgres/pg-warm.js';
import { SqlStore } from './sql-store.js';
import type { TenantChangeFeed } from './tenant-change-feed.js';
import type { CheckpointEvent } from './sqlite/checkpoint-policy.js';
import { SqliteRunner } from './sqlite/sqlite-runner.js';
import { claimDuePg } from './verbs/engine-claim-pg.js';
import { QUERIES } from './sql/queries.js';

/**
 * The store factories. Only the composition root (bootstrap/) and tests call these. Each returns a
 * store whose schema is up to date (`migrate: false` leaves that to the caller, e.g. `takt migrate`
 * or a test racing two migrations).
 */

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' (tests). */
  readonly path: string;
  readonly busyTimeoutMs?: number;
  readonly migrate?: boolean;
  /** Commit durability; default `full` (see SqliteRunnerOptions.synchronous). */
  readonly synchronous?: 'full' | 'normal';
  /** The WAL checkpointer thread's checkpoints and failures (docs/store.md, SQLite checkpoints). */
  readonly onCheckpoint?: (event: CheckpointEvent) => void;
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqlStore> {
  const runner = new SqliteRunner({
    path: options.path,
    queries: QUERIES,
    migrations: SQLITE_MIGRATIONS,
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    ...(options.synchronous !== undefined ? { synchronous: options.synchronous } : {}),
    ...(options.onCheckpoint !== undefined ? { onCheckpoint: options.onCheckpoint } : {}),
  });
  return ready(new SqlStore(runner), options.migrate);
}

export type { CheckpointEvent } from './sqlite/checkpoint-policy.js';

export interface PostgresStoreOptions {
  readonly url: string;
  /** Default `public`; created if missing. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly connectTimeoutMs?: number;
  readonly migrate?: boolean;
  readonly onIdleError?: (err: Error) => void;
  /** Notifications of tenant changes (a node's LISTEN connection): credentials are cached with it. */
  readonly tenantFeed?: TenantChangeFeed;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlStore> {
  const runner = new PgRunner({
    url: options.url,
    queries: PG_QUERIES,
    migrations: POSTGRES_MIGRATIONS,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.onIdleError !== undefined ? { onIdleError: options.onIdleError } : {}),
    keepConnections: Math.min(options.poolSize ?? WARM_CONNECTIONS, WARM_CONNECTIONS),
  });
  const store = await ready(
    new SqlStore(runner, claimDuePg, options.tenantFeed ? { tenantFeed: options.tenantFeed } : {}),
    options.migrate,
  );
  // Only on a migrated schema: the statements name its tables.
  if (options.migrate !== false)
    await runner.warm(PG_WARM_STATEMENTS).catch(async (err: unknown) => {
      await store.close();
      throw err;
    });
  return store;
}

async function ready(store: SqlStore, migrate = true): Promise<SqlStore> {
  if (!migrate) return store;
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export { TenantChangeFeed } from './tenant-change-feed.js';
