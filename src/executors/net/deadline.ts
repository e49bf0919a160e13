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
 * What the layers of an attempt need of its end: whether it was aborted and why, and a call when it
 * is. An AbortSignal would do, but on Node 20 the signal of an AbortController is built on first
 * access as an EventTarget (~4.2 µs) and a listener added and removed costs ~1.6 µs more: ~8% of the
 * executor thread's time per execution (docs/engine.md "Cost budget"). This is a flag and an array.
 */
export interface AttemptSignal {
  readonly aborted: boolean;
  /** Why: AttemptTimeoutError, AttemptCancelledError, or a followed AbortSignal's reason. */
  readonly reason: unknown;
  /** Calls `fn` once when aborted (never if it already was: check `aborted`); answers its removal. */
  onAbort(fn: () => void): () => void;
}

/**
 * The one signal and the one timer of an attempt: the timeout for the whole attempt (connect, TLS,
 * every redirect hop, token request, headers and the captured body) and cancellation from outside
 * (`cancel()`: shutdown, lost lease) abort the same signal, so an attempt costs one of these rather
 * than one per layer (docs/engine.md "Cost budget"). The timer comes from the injected Clock so
 * tests can expire it on purpose.
 */
export class Deadline implements AttemptSignal {
  private done = false;
  private why: unknown;
  private listeners: (() => void)[] = [];
  private readonly timer: TimerHandle;
  private parent: AbortSignal | undefined;
  private readonly onParentAbort = (): void => this.cancel();

  constructor(
    clock: Clock,
    readonly timeoutMs: number,
  ) {
    this.timer = clock.setTimer(clock.now() + timeoutMs, () =>
      this.abort(new AttemptTimeoutError(timeoutMs)),
    );
  }

  get aborted(): boolean {
    return this.done;
  }

  get reason(): unknown {
    return this.why;
  }

  onAbort(fn: () => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Aborts the attempt as cancelled (a no-op once it was aborted). */
  cancel(): void {
    this.abort(new AttemptCancelledError());
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

  private abort(reason: Error): void {
    if (this.done) return;
    this.done = true;
    this.why = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const fn of listeners) fn();
  }
}

/** An AbortSignal seen as an AttemptSignal (the HTTP warm-up, which times itself out). */
export function fromAbortSignal(signal: AbortSignal): AttemptSignal {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason as unknown;
    },
    onAbort(fn) {
      signal.addEventListener('abort', fn, { once: true });
      return () => signal.removeEventListener('abort', fn);
    },
  };
}
