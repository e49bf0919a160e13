import Database from 'better-sqlite3';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';

export interface SqliteBackupResult {
  /** Pages copied (SQLite page size is 4 KiB by default). */
  readonly pages: number;
}

export interface SqliteBackupOptions {
  /** Replace an existing destination file. Default false: an existing file is an error. */
  readonly overwrite?: boolean;
  /** Called as the copy progresses (fraction 0..1). */
  readonly onProgress?: (done: number) => void;
}

/** `dest` exists and overwriting was not asked for; the caller words it for its own flags. */
export class BackupFileExists extends Error {
  constructor(readonly file: string) {
    super(`backup: ${file} exists (choose another file or remove it)`);
  }
}

/** The store to copy is missing (`missing`) or this user cannot read it; the message names it. */
export class BackupSourceError extends Error {
  constructor(
    message: string,
    readonly missing: boolean,
  ) {
    super(message);
  }
}

/**
 * Copies a live SQLite store to `dest` with SQLite's online backup API (better-sqlite3
 * `db.backup`): a consistent snapshot taken page by page through a second connection, while
 * `takt serve` keeps reading and writing the source (WAL mode lets readers and the writer
 * proceed; the backup restarts its pass if the source changes under it). The copy is written
 * to a temporary file next to `dest` and renamed into place only once complete and checked, so
 * `dest` is either absent or a whole, consistent database. The copy holds history bodies and API
 * token hashes, so it is created owner-only (0600) before SQLite writes a byte into it: SQLite
 * keeps an existing file's mode and gives its WAL/SHM files the same mode.
 */
export async function backupSqliteFile(
  source: string,
  dest: string,
  options: SqliteBackupOptions = {},
): Promise<SqliteBackupResult> {
  checkReadable(source);
  if (!options.overwrite && existsSync(dest)) throw new BackupFileExists(dest);
  const tmp = `${dest}.partial`;
  rmSync(tmp, { force: true });
  createOwnerOnly(tmp);
  const db = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    db.pragma('busy_timeout = 5000');
    const result = await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        options.onProgress?.(totalPages === 0 ? 1 : (totalPages - remainingPages) / totalPages);
        // Pages per step: large enough to finish quickly, small enough to let the server's writer in.
        return 256;
      },
    });
    pages = result.totalPages;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    db.close();
  }
  try {
    checkIntegrity(tmp);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { pages };
}

/** An empty file only the owner can read, whatever the process umask (`wx`: never an existing one). */
function createOwnerOnly(file: string): void {
  closeSync(openSync(file, 'wx', 0o600));
  chmodSync(file, 0o600);
}

/** The copy must open and pass SQLite's own consistency check before it replaces anything. */
function checkIntegrity(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    const rows = copy.pragma('quick_check') as { quick_check: string }[];
    const verdict = rows.map((r) => r.quick_check).join('; ');
    if (verdict !== 'ok') throw new Error(`backup: the copy failed SQLite's check: ${verdict}`);
    // Fold any WAL the check produced back into the file so the copy is one self-contained file.
    copy.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    copy.close();
  }
}

/** No store is not the same as a store this user cannot read (a folder without permission). */
function checkReadable(source: string): void {
  try {
    accessSync(source, constants.R_OK);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw new BackupSourceError(`backup: no SQLite store at ${source}`, true);
    const reason = typeof code === 'string' ? code : String(e);
    throw new BackupSourceError(`backup: cannot read ${source} (${reason})`, false);
  }
}
