import type { RunOutcome } from '../domain/occurrence-outcome.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { nextTurn } from './next-turn.js';

/**
 * Records outcomes in batches (group commit): while one transaction is being written, new outcomes
 * queue up and go together in the next, so the batch size follows the load. A batch starts one
 * event-loop turn after its first outcome: a synchronous store (SQLite) would otherwise write each
 * outcome alone the moment it arrives, one transaction per attempt, while the other responses read
 * in the same turn wait outside.
 * A failed write keeps its outcomes and retries after `retryMs`; until then their leases keep
 * being renewed, and if this node dies they expire and the attempts are redelivered.
 */
export class OutcomeWriter {
  private queue: { outcome: RunOutcome; done: (stale: boolean) => void }[] = [];
  private writing: Promise<void> | undefined;
  private retryTimer: TimerHandle | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly maxBatch: number,
    private readonly retryMs: number,
    /**
     * How long a batch may wait for more outcomes, ms (0: one event-loop turn). The engine asks
     * for a few ms only while it has a backlog, when bigger transactions mean more executions per
     * second and nothing waits for the slots.
     */
    private readonly lingerMs: () => number = () => 0,
  ) {}

  /** Ends a lingering wait early (the batch is full, or drain() wants it written). */
  private wakeEarly: (() => void) | undefined;

  /** Resolves once the outcome is recorded: true when it was stale (another node holds the run). */
  submit(outcome: RunOutcome): Promise<boolean> {
    return new Promise((resolve) => {
      this.queue.push({ outcome, done: resolve });
      if (this.queue.length >= this.maxBatch) this.wakeEarly?.();
      this.kick();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Resolves when everything queued so far is written (or a write failed and awaits its retry). */
  async drain(): Promise<void> {
    this.wakeEarly?.();
    while (this.writing) await this.writing;
  }

  /** Stops retrying; what is still queued is left to lease expiry (at-least-once). */
  close(): void {
    this.retryTimer?.cancel();
  }

  private kick(): void {
    if (this.writing || this.retryTimer || this.queue.length === 0) return;
    this.writing = this.gathered()
      .then(() => this.writeBatch())
      .finally(() => {
        this.writing = undefined;
        this.kick();
      });
  }

  /** One event-loop turn, or up to `lingerMs` while the queue is short of a full batch. */
  private gathered(): Promise<void> {
    const ms = this.lingerMs();
    if (ms <= 0 || this.queue.length >= this.maxBatch) return nextTurn();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeEarly = () => {
        this.wakeEarly = undefined;
        done();
      };
    }).finally(() => (this.wakeEarly = undefined));
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue.slice(0, this.maxBatch);
    try {
      const stale = new Set(await this.store.recordOutcomes(batch.map((b) => b.outcome)));
      this.queue = this.queue.slice(batch.length);
      for (const b of batch) b.done(stale.has(b.outcome.runId));
    } catch (err) {
      this.log.error({ err, outcomes: batch.length }, 'engine: recording outcomes failed; retrying');
      this.retryTimer = this.clock.setTimer(this.clock.now() + this.retryMs, () => {
        this.retryTimer = undefined;
        this.kick();
      });
    }
  }
}
