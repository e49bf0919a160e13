import { resolve } from 'node:path';
import type { TaktConfig } from '../config/index.js';
import { BackupFileExists, backupSqliteFile } from '../store/sqlite/backup.js';
import { dataDirLayout } from './data-dir.js';

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
  const source = dataDirLayout(config.dataDir).sqliteFile;
  const file = resolve(out);
  if (file === resolve(source)) throw new BackupUsageError('--out: must not be the live store file itself');
  try {
    const { pages } = await backupSqliteFile(source, file, options);
    return { source, file, pages };
  } catch (e) {
    if (e instanceof BackupFileExists)
      throw new Error(`backup: ${out} exists (choose another file, or --force to replace it)`);
    throw e;
  }
}
