import type { RetryPolicy } from './job.js';
import { ticksToMs, type EpochMs, type Ticks } from './time.js';

/**
 * Retry rules (docs/reference/scheduling-rules.md §5.2, §5.3). Pure: values in, values out.
 *
 * An attempt is numbered by its `retryCount`: 0 for the first attempt, 1 for the first retry...
 */

/** 30 s in .NET ticks. */
const THIRTY_SECONDS: Ticks = 30 * 1000 * 10_000;

/** The implicit policy of an action without `retryPolicy`: fixed, 30 s, 4 retries (5 attempts). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryType: 'fixed',
  retryInterval: THIRTY_SECONDS,
  retryCount: 4,
};

/** The policy that applies: the action's own, else the default. */
export function effectivePolicy(policy: RetryPolicy | undefined): RetryPolicy {
  return policy ?? DEFAULT_RETRY_POLICY;
}

/** How many attempts the policy allows in all (first attempt included). */
export function maxAttempts(policy: RetryPolicy | undefined): number {
  const p = effectivePolicy(policy);
  return p.retryType === 'none' ? 1 : p.retryCount + 1;
}

/**
 * When the attempt after the failed attempt `retryCount` (which ended at `endedAt`) is due, or
 * undefined when the policy allows no further attempt. The interval runs from the end of the
 * previous attempt; `minIntervalMs` is a floor for definitions stored under a lower deployment
 * minimum than the one now in force.
 */
export function nextRetryAt(
  policy: RetryPolicy | undefined,
  retryCount: number,
  endedAt: EpochMs,
  minIntervalMs = 0,
): EpochMs | undefined {
  const p = effectivePolicy(policy);
  if (p.retryType === 'none' || retryCount >= p.retryCount) return undefined;
  return endedAt + Math.max(ticksToMs(p.retryInterval), minIntervalMs);
}
