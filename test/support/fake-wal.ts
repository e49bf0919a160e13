// A WAL whose fsyncs complete when the test says so (src/store/sqlite/wal-sync.ts WalFiles), and
// helpers to let the event loop run until the fake's promises settled.
import assert from 'node:assert/strict';
import type { WalFiles, WalHandle } from '../../src/store/sqlite/wal-sync.js';

interface PendingSync {
  readonly inode: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** A WAL that exists (inode `inodeNow`) and whose fsyncs complete when the test says so. */
export class FakeWal implements WalFiles {
  inodeNow: number | undefined = 1;
  readonly paths: string[] = [];
  readonly opened: number[] = [];
  readonly closed: number[] = [];
  dirSyncs = 0;
  /** fsyncs started and not yet completed, oldest first. */
  readonly syncs: PendingSync[] = [];
  started = 0;
  /** Set by `release`: every fsync from then on completes at once. */
  private released = false;

  inode = (path: string): Promise<number | undefined> => {
    this.paths.push(path);
    return Promise.resolve(this.inodeNow);
  };
  open = (): Promise<WalHandle> => {
    const inode = this.inodeNow ?? 0;
    this.opened.push(inode);
    return Promise.resolve({
      inode,
      sync: () =>
        new Promise<void>((resolve, reject) => {
          this.started += 1;
          if (this.released) resolve();
          else this.syncs.push({ inode, resolve, reject });
        }),
      close: () => {
        this.closed.push(inode);
        return Promise.resolve();
      },
    });
  };
  syncDir = (): Promise<void> => {
    this.dirSyncs += 1;
    return Promise.resolve();
  };

  /** Completes the oldest fsync under way. */
  complete(): void {
    const s = this.syncs.shift();
    assert.ok(s, 'an fsync is under way');
    s.resolve();
  }
  /**
   * Completes every fsync under way and every later one: a test's `finally` calls it before closing
   * its store, whose close waits for the fsyncs, so a failed assertion fails the test, not the file.
   */
  release(): void {
    this.released = true;
    for (const s of this.syncs.splice(0)) s.resolve();
  }
  fail(message: string): void {
    const s = this.syncs.shift();
    assert.ok(s, 'an fsync is under way');
    s.reject(new Error(message));
  }
}

/** Lets the event loop run until `done()` holds (the fake's promises settle within a few turns). */
export async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.ok(done(), 'condition reached');
}

export const turns = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
