import { DomainError } from '../../domain/errors.js';
import type { PipelineEnv, Stage } from './stage.js';
import { SubscriptionRateLimiter } from './subscription-rate-limiter.js';

/**
 * Per-subscription token bucket, after authentication (one tenant cannot spend another's budget).
 * A refused request leaves no operation record: writing one would be the very load refused.
 */
export function rateLimit(env: PipelineEnv): Stage {
  const overload = env.deps.overload;
  const clock = env.deps.app.clock;
  const limiter = overload
    ? new SubscriptionRateLimiter(
        { ratePerSecond: overload.rateLimitPerSecond, burst: overload.rateLimitBurst },
        () => clock.now(),
      )
    : undefined;
  return (ctx) => {
    const subscriptionId = ctx.subscriptionId;
    const wait = limiter !== undefined && subscriptionId !== undefined ? limiter.take(subscriptionId) : 0;
    if (wait > 0) {
      ctx.subscriptionId = undefined;
      throw new DomainError(
        'ServerBusy',
        `The subscription exceeded its request rate limit of ${overload?.rateLimitPerSecond ?? 0} requests per second. Retry after ${wait} second(s).`,
        wait,
      );
    }
  };
}
