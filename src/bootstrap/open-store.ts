import type { TaktConfig } from '../config/index.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { openPostgresStore, openSqliteStore } from '../store/open-store.js';
import { applicationName, withApplicationName } from './cluster-link.js';
import { dataDirLayout, ensureDir } from './data-dir.js';

/**
 * The one place that picks the store: PostgreSQL when the config's `store` says so (`databaseUrl` set), else the SQLite file
 * in the data directory. `migrate: false` opens without touching the schema (`takt migrate` runs it
 * explicitly; serve and the admin commands migrate on open).
 */
export async function openConfiguredStore(
  config: TaktConfig,
  options: { migrate?: boolean; logger?: Logger } = {},
): Promise<Store> {
  const migrate = options.migrate ?? true;
  if (config.store.kind === 'postgres') {
    const logger = options.logger;
    return openPostgresStore({
      // Every node's connections carry its node id (pg_stat_activity, pg_terminate_backend).
      url: withApplicationName(config.store.url, applicationName(config)),
      migrate,
      ...(logger
        ? { onIdleError: (err: Error) => logger.warn({ err: err.message }, 'PostgreSQL idle client error') }
        : {}),
    });
  }
  ensureDir(config.dataDir);
  return openSqliteStore({
    path: dataDirLayout(config.dataDir).sqliteFile,
    migrate,
    synchronous: config.sqliteSynchronous,
  });
}

/** Where the store lives, for messages (the URL without its password). */
export function describeStore(config: TaktConfig): string {
  if (config.store.kind === 'sqlite') return `SQLite ${dataDirLayout(config.dataDir).sqliteFile}`;
  try {
    const u = new URL(config.store.url);
    if (u.password !== '') u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  } catch {
    return 'PostgreSQL';
  }
}
