import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TaktConfig } from '../config/index.js';
import { BackupFileExists, BackupSourceError, backupSqliteFile } from '../store/sqlite/backup.js';
import { dataDirLayout } from './data-dir.js';
import { privateFiles } from './private-files.js';

export interface BackupReport {
  readonly source: string;
  readonly file: string;
  readonly pages: number;
}

/** A request `takt backup` cannot serve (exit 2 rather than 1). */
export class BackupUsageError extends Error {}

/**
 * `takt backup`: an online copy of the SQLite store of the configured data directory. PostgreSQL
 * deployments back up with their own tooling (pg_dump, base backups; docs/operations.md).
 */
export async function backupStore(
  config: TaktConfig,
  out: string,
  options: { overwrite?: boolean } = {},
): Promise<BackupReport> {
  if (config.store.kind === 'postgres') {
    throw new BackupUsageError(
      'takt backup copies the embedded SQLite store; this node uses PostgreSQL: back it up with pg_dump or your base-backup tooling (docs/operations.md, Backups)',
    );
  }
  const layout = dataDirLayout(config.dataDir);
  const source = layout.sqliteFile;
  const file = resolve(out);
  if (file === resolve(source)) throw new BackupUsageError('--out: must not be the live store file itself');
  // --force replaces a file: never one the running node needs (its journal, its keys, its identity).
  const own = [
    `${source}-wal`,
    `${source}-shm`,
    `${source}-journal`,
    config.secretKeyFile,
    ...privateFiles(layout, config.secretKeyFile),
    layout.nodeIdFile,
    layout.nodeIdLock,
    layout.caCert,
    layout.serverCert,
    layout.adminCert,
  ].map((f) => resolve(f));
  if (own.includes(file))
    throw new BackupUsageError(
      `--out: ${out} is a file of the data directory the node uses; choose another path`,
    );
  checkOutPath(file);
  try {
    const { pages } = await backupSqliteFile(source, file, options);
    return { source, file, pages };
  } catch (e) {
    if (e instanceof BackupFileExists)
      throw new Error(`backup: ${out} exists (choose another file, or --force to replace it)`);
    // No store is the user's input (exit 2, naming the setting); one that cannot be read says why.
    if (e instanceof BackupSourceError && e.missing) {
      throw new BackupUsageError(
        `dataDir: no SQLite store at ${source} to back up (set the node's data directory with --data-dir or TAKT_DATA_DIR)`,
      );
    }
    if (e instanceof BackupSourceError) throw e;
    // Name the file being written: "database or disk is full" alone reads as if the live store were.
    throw new Error(`backup: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}

/**
 * `--out` must name a file in an existing folder: checked before anything is written, so the answer
 * names the flag instead of Node's `ENOENT … open '<out>.partial'` (or, with --force onto a folder,
 * `EISDIR … rename`).
 */
function checkOutPath(file: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new BackupUsageError(
      `--out: ${file} is a folder; name the file to write, e.g. ${join(file, 'takt-backup.db')}`,
    );
  }
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new BackupUsageError(`--out: the folder ${folder} does not exist`);
}
