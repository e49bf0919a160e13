import type { Clock, TimerHandle } from '../ports/clock.js';

/** The wall clock. The only place in Takt that reads Date.now(). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    let handle: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    let cancelled = false;
    let unrefd = false;
    // setTimeout may fire a little early and caps delays at ~24.8 days: re-arm until `at` is reached.
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay <= 0) {
        if (!cancelled) fn();
        return;
      }
      handle = setTimeout(arm, Math.min(delay, 2_000_000_000));
      if (unrefd) handle.unref();
    };
    // Never call `fn` from inside setTimer, even when `at` has just passed (as ManualClock never
    // does): the caller has not stored the returned handle yet. The engine's timer callback
    // compares it and hit "Cannot access 'handle' before initialization" at 1,000 due times/s.
    // One reading of the clock decides: reading it again inside arm() could find `at` passed.
    const delay = at - Date.now();
    if (delay <= 0) immediate = setImmediate(arm);
    else handle = setTimeout(arm, Math.min(delay, 2_000_000_000));
    return {
      cancel: () => {
        cancelled = true;
        if (handle) clearTimeout(handle);
        if (immediate) clearImmediate(immediate);
      },
      unref: () => {
        unrefd = true;
        handle?.unref();
        immediate?.unref();
      },
    };
  }
}
