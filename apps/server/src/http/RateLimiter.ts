import type { RateLimitRule } from '../config.ts';
import { MatrixError } from '../errors/MatrixError.ts';

interface Bucket {
  tokens: number;
  updated: number;
}

/** Token buckets per (rule, key), in memory on each node. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly enabled: boolean) {}

  /** Takes one token or throws M_LIMIT_EXCEEDED with retry_after_ms and Retry-After. */
  check(ruleName: string, rule: RateLimitRule, key: string, now: number): void {
    if (!this.enabled) return;
    const id = `${ruleName}\u0000${key}`;
    let b = this.buckets.get(id);
    if (!b) {
      b = { tokens: rule.burst, updated: now };
      this.buckets.set(id, b);
      if (this.buckets.size > 100_000) this.sweep(now, rule);
    }
    b.tokens = Math.min(rule.burst, b.tokens + ((now - b.updated) / 1000) * rule.perSecond);
    b.updated = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const retryAfterMs = Math.ceil(((1 - b.tokens) / rule.perSecond) * 1000);
    throw new MatrixError('M_LIMIT_EXCEEDED', 'Too many requests', { retry_after_ms: retryAfterMs }, 429, {
      'retry-after': String(Math.ceil(retryAfterMs / 1000)),
    });
  }

  private sweep(now: number, rule: RateLimitRule): void {
    for (const [k, b] of this.buckets) if (now - b.updated > (rule.burst / rule.perSecond) * 1000) this.buckets.delete(k);
  }
}
