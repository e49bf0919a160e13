/**
 * The one batching tool of the engine and the store (docs/engine.md "Structure of the
 * dispatcher"): items added one by one are handed to `write` together, bounded by size
 * (`maxItems`) and by time (`lingerMs`), and each `add` settles with its own item's result once
 * the batch holding it was written.
 *
 * - **Group commit.** At most `concurrency` writes run at once (1 by default): while one batch is
 *   being written, new items queue and go together in the next, so the batch size follows the load.
 * - **Time bound.** A batch starts one event-loop turn after its first item (`lingerMs` 0): a
 *   synchronous store (SQLite) would otherwise write each item alone the moment it arrives, while
 *   the other items read in the same turn wait outside. A positive `lingerMs` lets a batch gather
 *   longer, up to `maxItems`.
 * - **Flush on demand.** `flush()` cuts a lingering wait short; `drain()` awaits everything so far.
 * - **Back-pressure.** `room()` resolves once fewer than `maxPending` items wait, for producers that
 *   can hold back.
 * - **Failure.** With `retryMs`, a failed batch keeps its items and is written again after that
 *   long (the engine's outcomes: their leases keep being renewed meanwhile); with `writeOne`, each
 *   item is written alone (API operation records); otherwise each item is rejected.
 *
 * Timers are real event-loop timers by default (`REAL_TIMERS`): the bounds are delays of this
 * process's batching, not times of the schedule, which the injected Clock governs. Tests pass their
 * own `BatchTimers`.
 */
export interface BatcherOptions<T, R> {
  /** Writes one batch; answers one result per item, in order. */
  readonly write: (items: readonly T[]) => Promise<readonly R[]>;
  /** At most this many items per write. */
  readonly maxItems: number;
  /** How long a batch may wait for more items after its first, ms (0: one event-loop turn). */
  readonly lingerMs?: number | (() => number);
  /** Writes in progress at once. Default 1. */
  readonly concurrency?: number;
  /** `room()` waits while this many items are pending. Default: unbounded. */
  readonly maxPending?: number;
  /** Retry a failed batch (same items) after this long, ms. */
  readonly retryMs?: number;
  /**
   * Without `retryMs`: a failed batch is split and each item written alone with this, so one bad
   * item cannot fail the others. Absent too: each item of the failed batch is rejected.
   */
  readonly writeOne?: (item: T) => Promise<R>;
  /** Told about a failed write (logging). */
  readonly onWriteError?: (err: unknown, items: number) => void;
  readonly timers?: BatchTimers;
}

/** The two waits a batcher needs, injectable for tests. */
export interface BatchTimers {
  /** Calls `fn` after the I/O callbacks of the current event-loop turn. */
  turn(fn: () => void): void;
  /** Calls `fn` after `ms`; answers a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const REAL_TIMERS: BatchTimers = {
  turn: (fn) => void setImmediate(fn),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (r: R) => void;
  readonly reject: (err: unknown) => void;
}

/** Whether a batch is being gathered: nothing, waiting one turn or lingering, or waiting to retry. */
type Gathering = 'idle' | 'turn' | 'linger' | 'retry';

export class Batcher<T, R = void> {
  private queue: Pending<T, R>[] = [];
  private gathering: Gathering = 'idle';
  private cancelTimer: (() => void) | undefined;
  private writes = 0;
  private readonly idle: (() => void)[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly o: BatcherOptions<T, R>) {}

  /** Queues `item`; settles with its result once the batch holding it was written. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.o.maxItems && this.gathering === 'linger') this.flush();
      else this.schedule();
    });
  }

  /** Items waiting to be written (not counting a batch being written). */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once fewer than `maxPending` items wait. */
  room(): Promise<void> {
    const max = this.o.maxPending ?? Infinity;
    if (this.queue.length < max) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Starts writing what is pending now, instead of waiting for the time bound. */
  flush(): void {
    if (this.gathering !== 'linger' && this.gathering !== 'turn') return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.gathering = 'idle';
    this.startWrites();
  }

  /** Resolves when everything added so far is written (or a failed write awaits its retry). */
  async drain(): Promise<void> {
    this.flush();
    while (this.writes > 0 || (this.queue.length > 0 && this.gathering !== 'retry')) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
      this.flush();
    }
  }

  /** Stops retrying and lingering; what is still queued stays unwritten (the caller's fallback). */
  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.gathering = 'idle';
    this.notifyIdle();
  }

  private schedule(): void {
    if (this.closed || this.gathering !== 'idle' || this.queue.length === 0) return;
    if (this.writes >= (this.o.concurrency ?? 1)) return; // the write in progress schedules the next
    const linger = typeof this.o.lingerMs === 'function' ? this.o.lingerMs() : (this.o.lingerMs ?? 0);
    const timers = this.o.timers ?? REAL_TIMERS;
    if (linger > 0 && this.queue.length < this.o.maxItems) {
      this.gathering = 'linger';
      this.cancelTimer = timers.after(linger, () => this.flush());
    } else {
      this.gathering = 'turn';
      let cancelled = false;
      this.cancelTimer = () => (cancelled = true);
      timers.turn(() => {
        if (!cancelled) this.flush();
      });
    }
  }

  private startWrites(): void {
    while (this.queue.length > 0 && this.writes < (this.o.concurrency ?? 1)) {
      const batch = this.queue.splice(0, this.o.maxItems);
      this.writes += 1;
      this.wakeRoom();
      void this.writeBatch(batch);
    }
  }

  private async writeBatch(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.o.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i] as R));
    } catch (err) {
      this.o.onWriteError?.(err, batch.length);
      if (this.o.retryMs !== undefined) {
        this.queue.unshift(...batch);
        if (!this.closed) this.retryLater(this.o.retryMs);
      } else if (this.o.writeOne) {
        for (const b of batch) await this.o.writeOne(b.item).then(b.resolve, b.reject);
      } else {
        for (const b of batch) b.reject(err);
      }
    } finally {
      this.writes -= 1;
      this.notifyIdle();
      this.schedule();
    }
  }

  private retryLater(ms: number): void {
    this.cancelTimer?.();
    this.gathering = 'retry';
    this.cancelTimer = (this.o.timers ?? REAL_TIMERS).after(ms, () => {
      this.cancelTimer = undefined;
      this.gathering = 'idle';
      this.schedule();
    });
  }

  private wakeRoom(): void {
    const max = this.o.maxPending ?? Infinity;
    while (this.queue.length < max && this.roomWaiters.length > 0) this.roomWaiters.shift()?.();
  }

  private notifyIdle(): void {
    for (const f of this.idle.splice(0)) f();
  }
}
