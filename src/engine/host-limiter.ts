import type { ActionBody } from '../domain/job.js';

/**
 * Per-target concurrency: at most `max` attempts run at once against one host, so a host that
 * hangs holds only its own slots and other jobs keep running on time.
 */
export class HostLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly max: number) {}

  /**
   * A slot for `host` now, or undefined when all are taken: most attempts find one, and skip the
   * promise (and event-loop hop) of `acquire`.
   */
  tryAcquire(host: string): (() => void) | undefined {
    const n = this.running.get(host) ?? 0;
    if (n >= this.max) return undefined;
    this.running.set(host, n + 1);
    return this.releaser(host);
  }

  /** Resolves when a slot for `host` is free; call the returned function to free it. */
  async acquire(host: string): Promise<() => void> {
    const now = this.tryAcquire(host);
    if (now) return now;
    await new Promise<void>((resolve) => {
      const q = this.waiting.get(host) ?? [];
      q.push(resolve);
      this.waiting.set(host, q);
    });
    return this.releaser(host);
  }

  private releaser(host: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(host);
    };
  }

  private release(host: string): void {
    const q = this.waiting.get(host);
    const next = q?.shift();
    if (q && q.length === 0) this.waiting.delete(host);
    if (next) {
      next(); // the slot passes straight to the next waiter
      return;
    }
    const n = (this.running.get(host) ?? 1) - 1;
    if (n <= 0) this.running.delete(host);
    else this.running.set(host, n);
  }
}

/** The target an action talks to, for per-host limits. */
export function targetHost(action: ActionBody<unknown>): string {
  switch (action.type) {
    case 'http':
    case 'https':
      try {
        return `http:${new URL(action.request.uri).host.toLowerCase()}`;
      } catch {
        return 'http:?';
      }
    case 'storageQueue':
      return `queue:${action.queueMessage.storageAccount.toLowerCase()}`;
    case 'serviceBusQueue':
      return `sb:${action.serviceBusQueueMessage.namespace.toLowerCase()}`;
    case 'serviceBusTopic':
      return `sb:${action.serviceBusTopicMessage.namespace.toLowerCase()}`;
  }
}
