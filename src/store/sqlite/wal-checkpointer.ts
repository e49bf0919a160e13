import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../threads/module-worker.js';
import {
  COMMITS_SLOT,
  DEFAULT_CHECKPOINT_SETTINGS,
  SHARED_SLOTS,
  STOP_SLOT,
  type CheckpointEvent,
  type CheckpointResult,
  type CheckpointSettings,
  type CheckpointerData,
  type FromCheckpointer,
} from './checkpoint-policy.js';

export interface WalCheckpointerOptions {
  /** The database file (its WAL and wal-index sit beside it). */
  readonly path: string;
  /** A descriptor of its wal-index that outlives the thread (wal-index-file.ts), if there is one. */
  readonly walIndexFd: number | undefined;
  readonly settings?: Partial<CheckpointSettings>;
  /** Every checkpoint and failure (metrics, log). Must not throw. */
  readonly onEvent?: (event: CheckpointEvent) => void;
  /** The thread stopped before close(): the caller checkpoints on its own again. */
  readonly onLost: (reason: string) => void;
}

/**
 * Checkpoints of the WAL off the event loop (docs/store.md, SQLite checkpoints). The main
 * connection runs with `wal_autocheckpoint=0`, so no commit copies the WAL into the database file
 * and fsyncs it (the cause of commits of 3 to 39 ms on the engine's thread, docs/engine.md "Cost
 * budget"); a worker thread with its own connection does it instead (checkpoint-worker.ts). A
 * commit costs the main thread one atomic add and a notify; the thread looks at the WAL at most
 * every `pollMs` and checkpoints past `thresholdFrames`.
 */
export class WalCheckpointer {
  private readonly slots: Int32Array;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private closing = false;
  private final: CheckpointResult | undefined;

  constructor(private readonly options: WalCheckpointerOptions) {
    this.slots = new Int32Array(new SharedArrayBuffer(SHARED_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    const data: CheckpointerData = {
      path: options.path,
      walIndexFd: options.walIndexFd,
      shared: this.slots.buffer as SharedArrayBuffer,
      settings: Object.assign({}, DEFAULT_CHECKPOINT_SETTINGS, options.settings),
    };
    this.worker = startModuleWorker(import.meta.url, 'checkpoint-worker', data);
    // A store nobody closed does not keep the process alive; a checkpoint cut short is safe in WAL mode.
    this.worker.unref();
    this.worker.on('message', (message: FromCheckpointer) => {
      if ('event' in message) this.options.onEvent?.(message.event);
      else this.final = message.closed;
    });
    this.exited = new Promise((resolve) => {
      this.worker.on('error', (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.options.onEvent?.({ kind: 'failed', message });
      });
      this.worker.on('exit', (code) => {
        if (!this.closing) this.options.onLost(`the checkpointer thread stopped (exit code ${code})`);
        resolve();
      });
    });
  }

  /** A commit was made: the thread looks at the WAL soon. */
  committed(): void {
    Atomics.add(this.slots, COMMITS_SLOT, 1);
    Atomics.notify(this.slots, COMMITS_SLOT, 1);
  }

  /** Stops the thread after its final checkpoint (TRUNCATE); what that answered, if it ran. */
  async close(): Promise<CheckpointResult | undefined> {
    this.closing = true;
    // Held open until the final checkpoint ran, even when nothing else keeps the process alive.
    this.worker.ref();
    Atomics.store(this.slots, STOP_SLOT, 1);
    Atomics.notify(this.slots, STOP_SLOT);
    // Changing the commits slot, not only notifying it: a thread between its look at the stop
    // slot and its wait on this one would otherwise sleep its whole idle time (a lost wake-up).
    Atomics.add(this.slots, COMMITS_SLOT, 1);
    Atomics.notify(this.slots, COMMITS_SLOT);
    await this.exited;
    return this.final;
  }
}
