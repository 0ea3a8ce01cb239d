// Per-key request budget: a token bucket (steady rate + burst). Over budget → 429 with
// Retry-After (whole seconds until one request is allowed again).
export interface RateLimit { perMinute: number; burst: number }

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {}

  /** Takes one request from `who`'s budget: 0 when allowed, else the seconds to wait. */
  take(who: string, now = Date.now()): number {
    const perMs = this.limit.perMinute / 60_000;
    const b = this.buckets.get(who) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (this.buckets.size > 100_000) this.buckets.clear(); // bounded: idle buckets are full anyway
    this.buckets.set(who, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}
