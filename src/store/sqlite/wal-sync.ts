import { close, closeSync, fdatasync, fstatSync, fsync, openSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname } from 'node:path';
import { StoreUnavailable } from '../../ports/store.js';

/** An open WAL file: its inode (to notice a replaced file), data sync and close. */
export interface WalHandle {
  readonly inode: number;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** What WalSync needs of the file system; tests pass their own to decide when an fsync completes. */
export interface WalFiles {
  /** The inode of the file at `path` now, or undefined when there is none. */
  inode(path: string): Promise<number | undefined>;
  open(path: string): Promise<WalHandle>;
  /** fsync of a directory, so a newly created file's name is on disk too. */
  syncDir(path: string): Promise<void>;
}

/**
 * The real file system. The sync runs on libuv's thread pool, so the event loop keeps serving
 * requests meanwhile; the inode check is a synchronous stat (a few µs, cheaper than a trip to the
 * thread pool, once per group), and the file is opened once. The WAL is synced with fdatasync, as
 * SQLite syncs it itself on Linux: the frames and the file's size reach the disk, its timestamps
 * need not (an fsync would write the inode for the new mtime at every group: ~4% of a PUT's CPU,
 * docs/operations.md "Durability").
 */
const NODE_WAL_FILES: WalFiles = {
  inode: (path) => Promise.resolve(statSync(path, { throwIfNoEntry: false })?.ino),
  open: (path) => {
    const fd = openSync(path, 'r+');
    try {
      const inode = fstatSync(fd).ino;
      return Promise.resolve({ inode, sync: () => fdatasyncAsync(fd), close: () => closeAsync(fd) });
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  },
  syncDir: async (path) => {
    // Windows cannot open a directory for fsync; NTFS journals the name itself.
    if (process.platform === 'win32') return;
    const fd = openSync(path, 'r');
    try {
      await fsyncAsync(fd);
    } finally {
      closeSync(fd);
    }
  },
};

const fsyncAsync = promisify(fsync);
const fdatasyncAsync = promisify(fdatasync);
const closeAsync = promisify(close);

interface Waiters {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

function waiters(): Waiters {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Group commit of SQLite's WAL (docs/operations.md, Durability). Commits run with
 * `synchronous=NORMAL` (no fsync inside the commit, which would block the event loop); a durable
 * write then awaits `sync()`, which resolves once an fsync of the WAL file that *started after the
 * call* completed — so every frame committed before the call is on disk. At most one fsync runs at
 * a time (on libuv's thread pool, while the event loop serves other requests); every `sync()` made
 * while it runs waits for the next one, which then covers all of them: one fsync per group, however
 * many writes committed meanwhile.
 *
 * The WAL file is opened lazily and reopened when the path names another file than the one held
 * (SQLite deletes the WAL when the last connection of any process closes, after checkpointing it
 * into the database file and syncing that; a new one is created at the next write). A new WAL's
 * directory is synced once, as SQLite does itself for a WAL it syncs. No WAL file at all: SQLite
 * checkpointed and deleted it, which it syncs itself, so there is nothing to do.
 */
export class WalSync {
  private handle: WalHandle | undefined;
  private running: Promise<void> | undefined;
  private next: Waiters | undefined;
  private failedSyncs = 0;
  /** Called once the running fsync settles, before the next one starts (TurnTransaction's hold). */
  private idle: (() => void)[] = [];

  constructor(
    private readonly walPath: string,
    private readonly files: WalFiles = NODE_WAL_FILES,
  ) {}

  /** Resolves when everything committed before this call is on disk; rejects with StoreUnavailable. */
  sync(): Promise<void> {
    if (this.running === undefined) return this.start();
    this.next ??= waiters();
    return this.next.promise;
  }

  /** Whether an fsync is under way (a commit made now waits for the next one). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Runs `fn` once the fsync under way settled, right before the next one starts. */
  whenIdle(fn: () => void): void {
    if (this.running === undefined) fn();
    else this.idle.push(fn);
  }

  /**
   * How many fsyncs failed so far. A commit whose first fsync after it failed is not known to be
   * on disk even when a later one succeeds (the kernel may have dropped its pages), so a caller
   * that relies on a later group fsync to cover an earlier commit checks this did not move.
   */
  get failures(): number {
    return this.failedSyncs;
  }

  /** Waits for the fsyncs under way, then lets go of the file. */
  async close(): Promise<void> {
    while (this.running !== undefined) await this.running.catch(() => undefined);
    await this.drop();
  }

  private start(): Promise<void> {
    const run = this.flush();
    this.running = run;
    const settle = (): void => {
      this.running = undefined;
      // A held turn commits now, so the next fsync covers it (turn-transaction.ts, "hold").
      const idle = this.idle;
      this.idle = [];
      for (const fn of idle) fn();
      const group = this.next;
      this.next = undefined;
      // The held turn's durable writes may have started the next fsync already: it started after
      // every waiter's call, so it covers them too.
      if (group) (this.running ?? this.start()).then(group.resolve, group.reject);
    };
    run.then(settle, settle);
    return run;
  }

  private async flush(): Promise<void> {
    try {
      const inode = await this.files.inode(this.walPath);
      if (inode === undefined) return await this.drop();
      if (this.handle?.inode !== inode) {
        await this.drop();
        this.handle = await this.files.open(this.walPath);
        await this.files.syncDir(dirname(this.walPath));
      }
      await this.handle.sync();
    } catch (e) {
      // After a failed fsync the kernel may have dropped the dirty pages: the writes this fsync
      // covered are not known to be on disk, so they fail (503, the client retries); the file is
      // reopened for the next group.
      this.failedSyncs += 1;
      await this.drop().catch(() => undefined);
      throw new StoreUnavailable(
        `could not sync the database journal to disk: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }

  private async drop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
