import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';

export interface DbClockOptions {
  /** The node's own clock (the system clock). */
  readonly base: Clock;
  /** One read of the database server's clock, epoch ms (`clock_timestamp()`). */
  readonly serverTimeMs: () => Promise<number>;
  readonly logger: Logger;
  /** How often the offset is measured again. Default 30 000 ms. */
  readonly intervalMs?: number;
  /** Samples per measurement; the one with the shortest round trip wins. Default 3. */
  readonly samples?: number;
  /** An offset beyond this is logged as a warning (a node without working NTP). Default 1 000 ms. */
  readonly warnOffsetMs?: number;
}

/**
 * The cluster's time rule (docs/operations.md "Cluster"): in PostgreSQL mode every node tells time
 * by the database server's clock. Each node measures its offset to the server (the sample with the
 * shortest round trip, error at most half of it) at start and every `intervalMs`, and reads
 * `base.now() + offset`. Due-ness, leases and lateness then agree across nodes whose own clocks
 * differ, while `now()` stays a cheap local read on the hot path.
 *
 * Until the first measurement succeeds, and whenever one fails, the last known offset (initially 0)
 * is kept: a node that cannot reach the database cannot claim anything either.
 */
export class DbClock implements Clock {
  private offset = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: DbClockOptions) {}

  /** Measures once (awaited, so the node starts on database time), then keeps measuring. */
  async start(): Promise<void> {
    await this.measure();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** The current correction, ms (database minus local); exported for /metrics and logs. */
  get offsetMs(): number {
    return this.offset;
  }

  now(): number {
    return this.options.base.now() + this.offset;
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    // The base clock fires at its own time; a timer that fires early by a changed offset re-arms
    // (the engine's rule), and the store never hands out work due after the claim's `now`.
    return this.options.base.setTimer(at - this.offset, fn);
  }

  /** One measurement; returns the offset it settled on. */
  async measure(): Promise<number> {
    let best: { rtt: number; offset: number } | undefined;
    for (let i = 0; i < (this.options.samples ?? 3); i++) {
      try {
        const sent = this.options.base.now();
        const server = await this.options.serverTimeMs();
        const received = this.options.base.now();
        const rtt = received - sent;
        const offset = Math.round(server - (sent + received) / 2);
        if (!best || rtt < best.rtt) best = { rtt, offset };
      } catch (err) {
        this.options.logger.debug(
          { err: err instanceof Error ? err.message : String(err) },
          'cluster: clock sample failed',
        );
      }
    }
    if (!best) return this.offset;
    if (
      Math.abs(best.offset) > (this.options.warnOffsetMs ?? 1_000) &&
      Math.abs(best.offset - this.offset) > 100
    ) {
      this.options.logger.warn(
        { offsetMs: best.offset, roundTripMs: best.rtt },
        "cluster: this node's clock differs from the database server's; Takt corrects it, but check NTP",
      );
    }
    this.offset = best.offset;
    return this.offset;
  }

  private schedule(): void {
    if (this.stopped) return;
    const every = this.options.intervalMs ?? 30_000;
    this.timer = this.options.base.setTimer(this.options.base.now() + every, () => {
      void this.measure().finally(() => this.schedule());
    });
  }
}
