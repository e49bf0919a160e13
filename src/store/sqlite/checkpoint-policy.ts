/**
 * When the WAL checkpointer (wal-checkpointer.ts) copies the WAL into the database file, and when
 * it must block writers to keep the WAL bounded (docs/store.md, SQLite checkpoints). Shared by the
 * main thread and the checkpointer thread; no I/O here.
 */

export interface CheckpointSettings {
  /** A PASSIVE checkpoint runs once this many WAL frames are not yet in the database file. */
  readonly thresholdFrames: number;
  /**
   * A WAL that reached this many frames although every frame was copied (the writer never found
   * the checkpoint complete, so it never started the WAL over) gets a RESTART checkpoint, which
   * makes writers wait for a moment.
   */
  readonly hardLimitFrames: number;
  /** Pause between two looks at the WAL while commits go on (caps the thread's wake-ups). */
  readonly pollMs: number;
  /** With no commit for this long, whatever is left in the WAL is checkpointed. */
  readonly idleMs: number;
  /** How long a RESTART (and the final checkpoint at close) waits for the write lock and readers. */
  readonly busyMs: number;
}

/**
 * 8,000 frames (about 32 MiB), not SQLite's own 1,000: a page written again and again (an index's
 * hot leaves, the history's last page) is copied once per pass, so fewer, larger passes copy less.
 * In a 20,000-job drain the engine ran 14% faster (docs/store.md, SQLite checkpoints).
 */
export const DEFAULT_CHECKPOINT_SETTINGS: CheckpointSettings = {
  thresholdFrames: 8000,
  // 16,384 frames of 4 KiB pages: a WAL of about 64 MiB.
  hardLimitFrames: 16_384,
  pollMs: 10,
  idleMs: 1000,
  busyMs: 200,
};

/** The two counters of SQLite's wal-index header that say how far the WAL is checkpointed. */
export interface WalIndex {
  /** Frames in the WAL (its last valid commit). */
  readonly mxFrame: number;
  /** Frames already copied into the database file. */
  readonly nBackfill: number;
}

/** What one `PRAGMA wal_checkpoint(...)` answered. */
export interface CheckpointResult {
  readonly busy: number;
  /** Frames in the WAL when the checkpoint started. */
  readonly log: number;
  /** Frames in the database file when it ended. */
  readonly checkpointed: number;
}

/** What the checkpointer thread tells the main thread (counted in metrics; all but `passive` logged). */
export type CheckpointEvent =
  | { readonly kind: 'passive'; readonly frames: number; readonly ms: number }
  /** The hard limit was reached: writers waited for a RESTART checkpoint (`ms`). */
  | { readonly kind: 'blocking'; readonly frames: number; readonly ms: number; readonly busy: boolean }
  /** The hard limit was reached but a reader holds an old snapshot: nothing can be done until it ends. */
  | { readonly kind: 'pinned'; readonly frames: number }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A PASSIVE checkpoint is due when the frames not yet copied reach the threshold, or when commits
 * stopped and some are left. Without a readable wal-index, every look after commits checkpoints.
 */
export function passiveDue(
  index: WalIndex | undefined,
  settings: CheckpointSettings,
  idle: boolean,
): boolean {
  if (index === undefined) return true;
  const pending = index.mxFrame - index.nBackfill;
  return pending >= settings.thresholdFrames || (idle && pending > 0);
}

/**
 * After a PASSIVE checkpoint: a WAL past the hard limit whose frames were all copied only needs
 * the writer to start it over, which a RESTART checkpoint forces; one whose frames could not all
 * be copied is pinned by a reader's snapshot (a RESTART would only make writers wait for it).
 */
export function afterPassive(
  result: CheckpointResult,
  settings: CheckpointSettings,
): 'done' | 'restart' | 'pinned' {
  if (result.log < settings.hardLimitFrames) return 'done';
  return result.checkpointed >= result.log ? 'restart' : 'pinned';
}

/** Slots of the shared Int32Array between the main thread and the checkpointer thread. */
export const COMMITS_SLOT = 0;
export const STOP_SLOT = 1;
export const SHARED_SLOTS = 2;

/** What the checkpointer thread is started with (structured-cloneable). */
export interface CheckpointerData {
  readonly path: string;
  /** The main thread's descriptor of the wal-index (wal-index-file.ts): the thread never opens or closes one. */
  readonly walIndexFd: number | undefined;
  readonly shared: SharedArrayBuffer;
  readonly settings: CheckpointSettings;
}

/** Messages from the checkpointer thread. */
export type FromCheckpointer = { readonly event: CheckpointEvent } | { readonly closed: CheckpointResult };
