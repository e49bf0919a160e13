/**
 * Throttles dashboard sign-in attempts per client address (docs/security.md, Dashboard sign-in).
 * Each address has a bucket of `burst` attempts refilled at `perMinute`; an attempt takes one
 * before the token is even looked up (so parallel guesses cannot all slip past the check) and a
 * successful sign-in gives it back, so only failures count. An empty bucket answers with the whole
 * seconds until the next attempt is allowed. Without this, a client could try ~650 tokens a second.
 * The map is bounded: at `maxAddresses` the oldest entry goes, and full buckets are swept away.
 */
export interface SignInThrottleOptions {
  /** Failed attempts allowed at once from one address. Default 10. */
  readonly burst?: number;
  /** Attempts regained per minute. Default 10 (one every 6 s). */
  readonly perMinute?: number;
  /** Addresses tracked at most. Default 10 000. */
  readonly maxAddresses?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class SignInThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perMs: number;
  private readonly maxAddresses: number;

  constructor(
    private readonly nowMs: () => number,
    options: SignInThrottleOptions = {},
  ) {
    this.burst = options.burst ?? 10;
    this.perMs = (options.perMinute ?? 10) / 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
  }

  /** Takes one attempt for `address`: 0 when it may go ahead, else whole seconds to wait (≥ 1). */
  take(address: string): number {
    const b = this.refilled(address);
    // (The refill is fractional: 1 - 1e-9 is a whole attempt, not float noise short of one.)
    if (b.tokens >= 1 - 1e-9) {
      b.tokens = Math.max(0, b.tokens - 1);
      return 0;
    }
    // Whole milliseconds first: float noise must not turn 1.000 s into 2.
    return Math.max(1, Math.ceil(Math.round((1 - b.tokens) / this.perMs) / 1000));
  }

  /** Gives back the attempt a successful sign-in took. */
  refund(address: string): void {
    const b = this.buckets.get(address);
    if (b) b.tokens = Math.min(this.burst, b.tokens + 1);
  }

  /** Forgets addresses whose bucket is full again (they are indistinguishable from new ones). */
  sweep(): void {
    for (const [address] of this.buckets) {
      if (this.refilled(address).tokens >= this.burst) this.buckets.delete(address);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(address: string): Bucket {
    const now = this.nowMs();
    let b = this.buckets.get(address);
    if (!b) {
      if (this.buckets.size >= this.maxAddresses) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: this.burst, at: now };
      this.buckets.set(address, b);
      return b;
    }
    // A clock that steps back refills nothing rather than draining the bucket.
    b.tokens = Math.min(this.burst, b.tokens + Math.max(0, now - b.at) * this.perMs);
    b.at = now;
    return b;
  }
}
