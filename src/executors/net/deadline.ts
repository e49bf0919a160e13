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
 * One timeout for the whole attempt (connect, TLS, every redirect hop, token request, headers and
 * the captured body). The timer comes from the injected Clock so tests can expire it on purpose.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: TimerHandle;
  private readonly onParentAbort = (): void => this.controller.abort(new AttemptCancelledError());

  constructor(
    clock: Clock,
    readonly timeoutMs: number,
    private readonly parent?: AbortSignal,
  ) {
    this.timer = clock.setTimer(clock.now() + timeoutMs, () =>
      this.controller.abort(new AttemptTimeoutError(timeoutMs)),
    );
    if (parent?.aborted) this.onParentAbort();
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    this.timer.cancel();
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
