import type { Clock, TimerHandle } from '../ports/clock.js';

/** Calls `fn` every `ms` on `clock` (one timer at a time, re-armed after each call) until cancelled. */
export function repeat(clock: Clock, ms: number, fn: () => void): TimerHandle {
  let current: TimerHandle | undefined;
  let cancelled = false;
  const arm = (): void => {
    current = clock.setTimer(clock.now() + ms, () => {
      if (cancelled) return;
      fn();
      if (!cancelled) arm();
    });
  };
  arm();
  return {
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
}
