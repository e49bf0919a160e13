import type { EpochMs } from '../domain/time.js';
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

/** The target hosts of `held` (at most `limit`), for the log line. */
export function hostsOf(held: readonly Held[], limit = 5): string[] {
  const hosts = new Set<string>();
  for (const h of held) {
    const action = attemptAction(h.run);
    if (action) hosts.add(targetHost(action));
    if (hosts.size >= limit) break;
  }
  return [...hosts];
}
