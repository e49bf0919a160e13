import type { Clock, TimerHandle } from '../../ports/clock.js';

/** The attempt ran past its timeout. */
export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The request timed out after ${timeoutMs / 1000} seconds.`);
    this.name = 'AttemptTimeoutError';
  }
}

/** The attempt was cancelled from outside (shutdown, lost lease). */
export class AttemptCancelledError extends Error {
  constructor() {
    super('The attempt was cancelled.');
    this.name = 'AttemptCancelledError';
  }
}

/**
 * The one AbortSignal and the one timer of an attempt: the timeout for the whole attempt (connect,
 * TLS, every redirect hop, token request, headers and the captured body) and cancellation from
 * outside (`cancel()`: shutdown, lost lease) abort the same signal, so an attempt costs one
 * AbortController rather than one per layer (docs/engine.md "Cost budget"). The timer comes from
 * the injected Clock so tests can expire it on purpose.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: TimerHandle;
  private parent: AbortSignal | undefined;
  private readonly onParentAbort = (): void => this.cancel();

  constructor(
    clock: Clock,
    readonly timeoutMs: number,
  ) {
    this.timer = clock.setTimer(clock.now() + timeoutMs, () =>
      this.controller.abort(new AttemptTimeoutError(timeoutMs)),
    );
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts the attempt as cancelled (a no-op once it was aborted). */
  cancel(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new AttemptCancelledError());
  }

  /** Cancels the attempt when `parent` aborts (callers that hold an AbortSignal of their own). */
  follow(parent: AbortSignal | undefined): void {
    if (!parent) return;
    this.parent = parent;
    if (parent.aborted) this.cancel();
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  dispose(): void {
    this.timer.cancel();
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
