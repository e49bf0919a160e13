import { maskUrlPassword, type TaktConfig } from '../config/index.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { StoreUnavailable, type Store } from '../ports/store.js';
import type { Clock } from '../ports/clock.js';
import { FailureStreak } from '../logging/failure-streak.js';
import {
  openPostgresStore,
  openSqliteStore,
  type CheckpointEvent,
  type TenantChangeFeed,
} from '../store/open-store.js';
import { applicationName, withApplicationName } from './cluster-link.js';
import { dataDirLayout, ensureDir } from './data-dir.js';
import { SystemClock } from './system-clock.js';

/**
 * The one place that picks the store: PostgreSQL when the config's `store` says so (`databaseUrl` set), else the SQLite file
 * in the data directory. `migrate: false` opens without touching the schema (`takt migrate` runs it
 * explicitly; serve and the admin commands migrate on open).
 */
export async function openConfiguredStore(
  config: TaktConfig,
  options: { migrate?: boolean; logger?: Logger; metrics?: Metrics; tenantFeed?: TenantChangeFeed } = {},
): Promise<Store> {
  try {
    return await openStore(config, options);
  } catch (e) {
    throw storeOpenError(config, e);
  }
}

/**
 * A store that cannot be opened or migrated, in the operator's terms: the driver's words alone
 * ("database "x" does not exist", "file is not a database") do not say which setting to check, so
 * the message names it, and the store (its URL without the password).
 */
export function storeOpenError(config: TaktConfig, e: unknown): Error {
  const setting = config.store.kind === 'postgres' ? 'databaseUrl' : 'dataDir';
  const reason = (e instanceof Error ? e.message : String(e)).replace(/^database unavailable: /, '');
  if (e instanceof Error && (reason.startsWith('dataDir: ') || reason.startsWith('databaseUrl: '))) return e;
  return new Error(`${setting}: cannot open ${describeStore(config)}: ${reason}`, { cause: e });
}

async function openStore(
  config: TaktConfig,
  options: Parameters<typeof openConfiguredStore>[1] & object,
): Promise<Store> {
  const migrate = options.migrate ?? true;
  if (config.store.kind === 'postgres') {
    const logger = options.logger;
    return openPostgresStore({
      // Every node's connections carry its node id (pg_stat_activity, pg_terminate_backend).
      url: withApplicationName(config.store.url, applicationName(config)),
      migrate,
      ...(options.tenantFeed ? { tenantFeed: options.tenantFeed } : {}),
      ...(logger ? { onIdleError: idleErrorReporter(logger, new SystemClock()) } : {}),
    });
  }
  ensureDir(config.dataDir);
  return openSqliteStore({
    path: dataDirLayout(config.dataDir).sqliteFile,
    migrate,
    synchronous: config.sqliteSynchronous,
    onCheckpoint: checkpointReporter(options.logger, options.metrics),
  });
}

/**
 * A database restart or a terminated session ends every idle connection of the pool at once, each
 * with its own error event: logged as one warning (and once a minute while they keep coming, with
 * the count), not one line per connection (docs/operations.md, "Monitoring").
 */
export function idleErrorReporter(logger: Logger, clock: Clock): (err: Error) => void {
  const streak = new FailureStreak(logger, clock);
  return (err) =>
    streak.failed(new StoreUnavailable(err.message, { cause: err }), 'PostgreSQL idle client error');
}

/** A blocking checkpoint can recur every second or two under a flood of writes: logged once a minute. */
const BLOCKING_LOG_EVERY_MS = 60_000;

/** The SQLite checkpointer's events into metrics and the log (docs/store.md, SQLite checkpoints). */
function checkpointReporter(
  logger: Logger | undefined,
  metrics: Metrics | undefined,
): (event: CheckpointEvent) => void {
  let blockingSince = 0;
  let lastBlockingLog = -Infinity;
  // A failing checkpoint (a full disk) fails every second: one line while it lasts (failure-streak.ts).
  const failing = logger ? new FailureStreak(logger, new SystemClock()) : undefined;
  return (event) => {
    if (event.kind !== 'failed') failing?.succeeded('SQLite WAL checkpoints succeed again');
    switch (event.kind) {
      case 'passive':
        metrics?.sqliteCheckpoint('passive', event.frames, event.ms);
        return;
      case 'blocking': {
        metrics?.sqliteCheckpoint('blocking', event.frames, event.ms);
        blockingSince += 1;
        const now = performance.now();
        if (now - lastBlockingLog < BLOCKING_LOG_EVERY_MS) return;
        lastBlockingLog = now;
        logger?.warn(
          { frames: event.frames, ms: Math.round(event.ms), count: blockingSince },
          'SQLite WAL at its hard limit: writers waited for a checkpoint (count: since the last such message)',
        );
        blockingSince = 0;
        return;
      }
      case 'pinned':
        metrics?.sqliteCheckpoint('pinned', event.frames, 0);
        logger?.warn(
          { frames: event.frames },
          'SQLite WAL past its hard limit while a reader holds an old snapshot (a long backup?): it grows until that reader ends',
        );
        return;
      case 'failed':
        metrics?.sqliteCheckpoint('failed', 0, 0);
        failing?.failed(new StoreUnavailable(event.message), 'SQLite WAL checkpoint failed');
        return;
    }
  };
}

/** Where the store lives, for messages (the URL without its password). */
export function describeStore(config: TaktConfig): string {
  if (config.store.kind === 'sqlite') return `SQLite ${dataDirLayout(config.dataDir).sqliteFile}`;
  return `PostgreSQL ${maskUrlPassword(config.store.url)}`;
}
