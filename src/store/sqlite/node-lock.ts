import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';

/** `takt serve` refuses to start: another running process serves this data directory's node id. */
export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(
      `the data directory ${dataDir} is served by another running takt process (its node id is in use); ` +
        'stop it first, or give this process its own --data-dir',
    );
  }
}

/** Held for the life of the process; `release` lets go (closing is idempotent). */
export interface NodeLock {
  release(): void;
}

/**
 * The SQLite counterpart of PostgreSQL's node-id advisory lock (docs/operations.md, "Node id"): a
 * node releases every lease under its id when it starts, so a second `takt serve` on the same data
 * directory (the same `node-id` file) took over the first one's attempts while they ran, and the
 * target got them twice. The lock is an exclusive SQLite lock on a file of its own
 * (`<dataDir>/node-id.lock`), taken without waiting and held until the process ends: the operating
 * system drops it with the process, so a node killed with -9 does not keep the directory locked.
 */
export function lockNodeId(dataDir: string, lockFile: string): NodeLock {
  const db = new Database(lockFile, { timeout: 0 });
  chmodSync(lockFile, 0o600);
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // No rollback journal file beside it: the file holds nothing worth recovering. (Not OFF: the
    // driver opens databases in SQLite's defensive mode, which ignores journal_mode = OFF.)
    db.pragma('journal_mode = MEMORY');
    // The first write takes the EXCLUSIVE lock; in this locking mode it is kept after COMMIT.
    db.pragma('user_version = 1');
  } catch (e) {
    db.close();
    if ((e as { code?: unknown }).code === 'SQLITE_BUSY') throw new DataDirInUseError(dataDir);
    throw e;
  }
  return { release: () => db.close() };
}

/**
 * Whether a running process holds the data directory's node lock (an engine serves it). Takes the
 * lock and lets go at once when it is free; answers false when there is no lock file.
 */
export function nodeIdLocked(dataDir: string, lockFile: string): boolean {
  if (!existsSync(lockFile)) return false;
  try {
    lockNodeId(dataDir, lockFile).release();
    return false;
  } catch (e) {
    if (e instanceof DataDirInUseError) return true;
    throw e;
  }
}
