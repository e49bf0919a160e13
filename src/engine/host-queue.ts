import type { AttemptReport, AttemptOrder, RunningAttempt } from './attempt.js';
import { targetHost } from './host-limiter.js';

interface Waiting {
  readonly begin: () => RunningAttempt;
  readonly onStart: (() => void) | undefined;
  readonly settle: (report: AttemptReport | undefined) => void;
  attempt: RunningAttempt | undefined;
  /** Cancelled or dropped while waiting: it never starts. */
  cancelled: boolean;
}

/**
 * Per-host slots (`maxPerHost`, docs/engine.md step 4) where the attempts run: in the executor
 * thread, so a finished attempt's slot passes to the next one of its host at once, without a round
 * trip through the engine's thread (whose transactions would hold it meanwhile), or on the engine's
 * thread (`localRunner`). An attempt waiting for its slot that is cancelled, or dropped at stop,
 * ends as interrupted (report undefined) without ever starting.
 */
export class HostQueue {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(private readonly maxPerHost: number) {}

  /**
   * Starts `begin()` once a slot of the order's host is free; `onStart` is called when it starts.
   * An order without an action takes no slot (it fails at once, attempt.ts).
   */
  submit(order: AttemptOrder, begin: () => RunningAttempt, onStart?: () => void): RunningAttempt {
    const host = order.action ? targetHost(order.action) : undefined;
    if (host === undefined) {
      onStart?.();
      return begin();
    }
    const n = this.running.get(host) ?? 0;
    if (n < this.maxPerHost) {
      this.running.set(host, n + 1);
      onStart?.();
      const attempt = begin();
      const release = (): void => this.release(host);
      attempt.report.then(release, release);
      return attempt;
    }
    let settle: Waiting['settle'] = () => undefined;
    const report = new Promise<AttemptReport | undefined>((resolve) => (settle = resolve));
    const entry: Waiting = { begin, onStart, settle, attempt: undefined, cancelled: false };
    const queue = this.waiting.get(host);
    if (queue) queue.push(entry);
    else this.waiting.set(host, [entry]);
    return {
      report,
      cancel: () => {
        if (entry.attempt) return entry.attempt.cancel();
        if (entry.cancelled) return;
        entry.cancelled = true;
        const q = this.waiting.get(host);
        const at = q?.indexOf(entry) ?? -1;
        if (q && at >= 0) q.splice(at, 1);
        settle(undefined);
      },
    };
  }

  /** Stop: every attempt still waiting for its slot ends as interrupted, never started. */
  dropWaiting(): void {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    for (const entry of all) {
      entry.cancelled = true;
      entry.settle(undefined);
    }
  }

  private release(host: string): void {
    const q = this.waiting.get(host);
    const next = q?.shift();
    if (q && q.length === 0) this.waiting.delete(host);
    if (!next) {
      const n = (this.running.get(host) ?? 1) - 1;
      if (n <= 0) this.running.delete(host);
      else this.running.set(host, n);
      return;
    }
    // The slot passes straight to the next waiter.
    next.onStart?.();
    const attempt = next.begin();
    next.attempt = attempt;
    attempt.report.then(
      (r) => {
        this.release(host);
        next.settle(r);
      },
      () => {
        this.release(host);
        next.settle(undefined);
      },
    );
  }
}
