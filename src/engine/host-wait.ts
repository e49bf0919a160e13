import type { ClaimedRun } from '../domain/occurrence-outcome.js';
import type { EpochMs } from '../domain/time.js';
import type { Logger } from '../ports/logger.js';
import type { Held } from './attempt-runner.js';
import { attemptAction } from './attempt.js';
import { targetHost } from './host-limiter.js';

/**
 * The held attempts that give their slots back (docs/engine.md, "Fairness"): while fewer than
 * `minFree` of the engine's slots are free, every attempt that has waited `maxWaitMs` or more for
 * its host without starting. A hanging host's backlog would otherwise hold every slot until its
 * requests time out, and no other host's due work could be claimed meanwhile. Nothing of theirs
 * ran, so nothing is recorded: their leases are not renewed and the runs are redelivered, with the
 * same tag, expected time and retry count, once the leases expire (by then, often, to a host that
 * answers again).
 */
export function overdueWaiters(
  held: Iterable<Held>,
  slots: { readonly max: number; readonly held: number; readonly minFree: number },
  now: EpochMs,
  maxWaitMs: number,
): Held[] {
  if (slots.max - slots.held >= slots.minFree) return [];
  const out: Held[] = [];
  for (const h of held) if (!h.started && !h.cancelled && now - h.since >= maxWaitMs) out.push(h);
  return out;
}

/** The target host of a run's attempt (host-queue.ts's key), if it has an action. */
function hostOf(run: ClaimedRun): string | undefined {
  const action = attemptAction(run);
  return action ? targetHost(action) : undefined;
}

/** The target hosts of `held` (at most `limit`), for the log line. */
export function hostsOf(held: readonly Held[], limit = 5): string[] {
  const hosts = new Set<string>();
  for (const h of held) {
    const host = hostOf(h.run);
    if (host !== undefined) hosts.add(host);
    if (hosts.size >= limit) break;
  }
  return [...hosts];
}

/**
 * The engine's rule for hanging hosts (docs/engine.md, "Fairness"). At every poll, `release` gives
 * back the slots of the attempts `overdueWaiters` names and marks their hosts **stuck** until one
 * of their attempts ends. While a host is stuck, a run claimed for it is given back at once (not
 * held: its lease expires and it is redelivered) instead of taking a slot to wait in. Without that,
 * once the first runs given back were due again (their leases expired), the claim — which takes
 * due runs first (at most half of it while due jobs wait) — would keep refilling freed slots with
 * them, and other hosts' work would wait behind the hanging host again.
 */
export class HostWait {
  private readonly stuck = new Set<string>();

  constructor(
    private readonly limits: {
      /** `engine.maxHostWaitMs`. */
      readonly maxWaitMs: number;
      /** `engine.maxConcurrentAttempts`. */
      readonly maxAttempts: number;
      /** Slots that must be free for waiters to keep theirs (the engine's gather). */
      readonly minFree: number;
    },
    private readonly log: Logger,
  ) {}

  /** Cancels (as a lost lease) the overdue waiters among `held`, and marks their hosts stuck. */
  release(held: ReadonlyMap<string, Held>, now: EpochMs, cancel: (h: Held) => void): void {
    const { maxWaitMs, maxAttempts, minFree } = this.limits;
    const slots = { max: maxAttempts, held: held.size, minFree };
    const overdue = overdueWaiters(held.values(), slots, now, maxWaitMs);
    if (overdue.length === 0) return;
    for (const h of overdue) {
      const host = hostOf(h.run);
      if (host !== undefined) this.stuck.add(host);
      cancel(h);
    }
    this.log.info(
      { attempts: overdue.length, hosts: hostsOf(overdue), maxHostWaitMs: maxWaitMs },
      'engine: attempts waited too long for their host; their slots go to other work, they are redelivered when their lease expires',
    );
  }

  /**
   * An attempt on the run's host ended (succeeded, failed, timed out, or was interrupted after it
   * started): a slot of that host is free again, so its next attempts may wait for one.
   */
  ended(run: ClaimedRun): void {
    if (this.stuck.size === 0) return;
    const host = hostOf(run);
    if (host !== undefined) this.stuck.delete(host);
  }

  /** Whether a run just claimed goes back at once: its host is stuck. */
  givesBack(run: ClaimedRun): boolean {
    if (this.stuck.size === 0) return false;
    const host = hostOf(run);
    return host !== undefined && this.stuck.has(host);
  }
}
