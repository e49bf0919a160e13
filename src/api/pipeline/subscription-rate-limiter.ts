/**
 * Per-subscription token buckets (docs/operations.md, Overload). Each subscription may send
 * `burst` requests at once and `ratePerSecond` on average; the bucket refills continuously from
 * the injected clock. Only authenticated subscriptions get a bucket, so the map is bounded by the
 * number of tenants, not by what an anonymous client puts in a path.
 */
export interface RateLimit {
  /** Average requests per second; 0 turns the limiter off. */
  readonly ratePerSecond: number;
  /** Bucket size (requests allowed at once after being idle). */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class SubscriptionRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number,
  ) {}

  /** Takes one token for `key`: 0 when the request may go ahead, else whole seconds until a token is back (≥ 1). */
  take(key: string): number {
    const { ratePerSecond, burst } = this.limit;
    if (ratePerSecond <= 0) return 0;
    const now = this.nowMs();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    } else {
      // A clock that steps back refills nothing rather than draining the bucket.
      b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) * ratePerSecond) / 1000);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / ratePerSecond));
  }
}
