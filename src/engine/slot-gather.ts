/**
 * The bounded wait of a starved engine for more freed slots before it claims (engine.ts,
 * claimFreedSlots). At most one wait is pending; `cancel` ends it early.
 *
 * A real timer, like the engine's setImmediate: it bounds a batching delay of this process's event
 * loop, not a time of the schedule (which the injected clock governs).
 */
export class SlotGather {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done: (() => void) | undefined;

  constructor(private readonly ms: number) {}

  /**
   * Starts a wait that calls `onExpire` after `ms`, unless one is pending already (then nothing).
   * Answers a promise that settles when the wait ends either way, for the engine's `settled()`.
   */
  start(onExpire: () => void): Promise<void> | undefined {
    if (this.timer !== undefined) return undefined;
    return new Promise<void>((resolve) => {
      this.done = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.done = undefined;
        onExpire();
        resolve();
      }, this.ms);
    });
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.done?.();
    this.done = undefined;
  }
}
