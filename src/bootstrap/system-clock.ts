import type { Clock, TimerHandle } from '../ports/clock.js';

/** The wall clock. The only place in Takt that reads Date.now(). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    // setTimeout may fire a little early and caps delays at ~24.8 days: re-arm until `at` is reached.
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay <= 0) {
        if (!cancelled) fn();
        return;
      }
      handle = setTimeout(arm, Math.min(delay, 2_000_000_000));
    };
    arm();
    return {
      cancel: () => {
        cancelled = true;
        if (handle) clearTimeout(handle);
      },
    };
  }
}
