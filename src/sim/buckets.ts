// EC2's (and CloudWatch's) request token buckets: one per (account, region, action), sizes as AWS publishes them.
// Hand-written because the bucket packages on npm are client-side limiters (they wait for a
// token); a server needs "take one now or refuse", keyed per region and action, refilled lazily
// from the clock so idle keys cost nothing. That is twenty lines.

import type { BucketSize } from "../core/buckets.js";
import type { Controls } from "./controls.js";

export { BUCKETS } from "../core/buckets.js";

interface Bucket {
  tokens: number;
  at: number;
}

/** What a service handler draws tokens from: one account's buckets. */
export interface BucketTaker {
  take(region: string, key: string, size: BucketSize): boolean;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly controls: Controls,
    /** The simulator's clock (a fixed clock refills nothing until it is moved on). */
    private readonly now: () => number,
  ) {}

  /**
   * Takes a token for `key` (an action name, or a bucket name such as
   * `DescribeInstances(unpaginated)`) in `region`; false when the bucket is empty.
   */
  take(region: string, key: string, size: BucketSize): boolean {
    const { enabled, timeScale, overrides } = this.controls.current.throttle;
    if (!enabled) return true;
    const { burst, refillPerSecond } = overrides[key] ?? size;
    const now = this.now();
    const id = `${region}\u0000${key}`;
    const bucket = this.buckets.get(id) ?? { tokens: burst, at: now };
    // A clock set back in time refills nothing (and takes nothing away).
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * refillPerSecond * timeScale);
    bucket.at = now;
    this.buckets.set(id, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** The buckets of one account (AWS's buckets are per account, region and action). */
  forAccount(account: string): BucketTaker {
    return { take: (region, key, size) => this.take(`${account}/${region}`, key, size) };
  }

  /** Refills every bucket (tests call this between cases). */
  reset(): void {
    this.buckets.clear();
  }
}
