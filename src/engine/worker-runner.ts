import type { Worker } from 'node:worker_threads';
import type { ClaimedRun } from '../domain/occurrence-outcome.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AttemptRunner } from './attempt-runner.js';
import { attemptOrder, type AttemptOrder, type AttemptReport, type RunningAttempt } from './attempt.js';
import type { FromExecutorThread, ToExecutorThread } from './worker-protocol.js';
import { extend } from '../domain/extend.js';

export interface WorkerRunnerOptions {
  /** Starts an executor thread (bootstrap/executor-worker-data.ts), at once and after a crash. */
  readonly spawn: () => Worker;
  /** The engine's clock: attempt times are moved onto it from the thread's system clock. */
  readonly clock: Clock;
  /** The executor thread's clock (the system clock), read here to measure the offset. */
  readonly threadClock: Clock;
  readonly logger: Logger;
}

interface Pending {
  readonly settle: (report: AttemptReport | undefined) => void;
  readonly onStart: (() => void) | undefined;
}

/**
 * Runs attempts in an executor thread (docs/engine.md "Both cores"), so the HTTP exchanges and the
 * store's transactions use both cores. Starts and cancellations are posted in one message per
 * event-loop turn (a claim's runs in one), and the thread answers started and finished attempts the
 * same way; it holds the per-host slots, so a finished attempt's slot passes on in that thread. If the thread dies, its
 * attempts end as interrupted: the engine records nothing for them, their leases expire and they
 * are redelivered with the same execution tag (as when a node dies), and a new thread is started
 * for the next attempts.
 */
export class WorkerRunner implements AttemptRunner {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private starts: { id: number; order: AttemptOrder }[] = [];
  private cancels: number[] = [];
  private flushQueued = false;
  private nextId = 1;
  private closing = false;

  constructor(private readonly options: WorkerRunnerOptions) {
    this.thread(); // at once: a thread that cannot start shows in the log at start-up
  }

  start(run: ClaimedRun, onStart?: () => void): RunningAttempt {
    const id = this.nextId++;
    const report = new Promise<AttemptReport | undefined>((settle) =>
      this.pending.set(id, { settle, onStart }),
    );
    this.starts.push({ id, order: attemptOrder(run) });
    this.queueFlush();
    return {
      report,
      cancel: () => {
        if (!this.pending.has(id)) return;
        this.cancels.push(id);
        this.queueFlush();
      },
    };
  }

  dropWaiting(): void {
    this.flush();
    this.worker?.postMessage({ t: 'drop' } satisfies ToExecutorThread);
  }

  /** Attempts started and not yet answered (tests). */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Ends the executor thread at once, as a crash would: its attempts end as interrupted and the
   * next attempts start a new thread (tests prove the crash path with it).
   */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.flush();
    const w = this.worker;
    if (!w) return;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.postMessage({ t: 'close' } satisfies ToExecutorThread);
    await exited;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.starts.length > 0) {
      const items = this.starts;
      this.starts = [];
      this.thread().postMessage({ t: 'start', items } satisfies ToExecutorThread);
    }
    if (this.cancels.length > 0 && this.worker) {
      const ids = this.cancels;
      this.cancels = [];
      this.worker.postMessage({ t: 'cancel', ids } satisfies ToExecutorThread);
    }
    this.cancels = [];
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = this.options.spawn();
    w.on('message', (m: FromExecutorThread) => this.answer(m));
    w.on('error', (err) => this.options.logger.error({ err }, 'engine: the executor thread failed'));
    w.on('exit', (code) => this.lost(w, code));
    this.worker = w;
    return w;
  }

  private answer(m: FromExecutorThread): void {
    // The thread stamps attempts with its system clock; the engine decides on its own (a cluster
    // node's clock follows the database server).
    for (const id of m.started) this.pending.get(id)?.onStart?.();
    if (m.items.length === 0) return;
    const offset = this.options.clock.now() - this.options.threadClock.now();
    for (const { id, report } of m.items) {
      const pending = this.pending.get(id);
      if (!pending) continue;
      this.pending.delete(id);
      pending.settle(
        report === null || offset === 0
          ? (report ?? undefined)
          : extend(report, { startedAt: report.startedAt + offset, endedAt: report.endedAt + offset }),
      );
    }
  }

  private lost(w: Worker, code: number): void {
    if (this.worker === w) this.worker = undefined;
    if (this.pending.size === 0) return;
    if (!this.closing) {
      this.options.logger.error(
        { code, interrupted: this.pending.size },
        'engine: the executor thread ended; its attempts are redelivered when their leases expire',
      );
    }
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.settle(undefined);
  }
}
