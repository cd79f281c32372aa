// Client-side pacing of writes to EC2's per-(account, region, action) token buckets, so that
// enforcing thousands of instances neither fails in bulk nor starves the account's other automation.
//
// Hand-written: the limiters on npm either poll for tokens (a timer per waiter, re-racing when they
// wake) or are rate-only without burst semantics. Here each take() reserves its slot at once (the
// bucket may go negative), so its wake-up time is known, order is FIFO, and waiters are chained so
// only one timer per bucket is ever pending.
import { BUCKETS, type BucketSize } from "../core/buckets.js";

export type { BucketSize };

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * AWS's published write buckets, per account, region and action. The launch template writes are in
 * EC2's default mutating bucket; Auto Scaling publishes no bucket sizes, so its write is paced as one.
 */
export const WRITE_BUCKETS: {
  ModifyInstanceMetadataOptions: BucketSize;
  ModifyInstanceMetadataDefaults: BucketSize;
  CreateLaunchTemplateVersion: BucketSize;
  ModifyLaunchTemplate: BucketSize;
  DeleteLaunchTemplateVersions: BucketSize;
  UpdateAutoScalingGroup: BucketSize;
} = {
  ModifyInstanceMetadataOptions: BUCKETS.modifyInstanceMetadataOptions,
  ModifyInstanceMetadataDefaults: BUCKETS.modifyInstanceMetadataDefaults,
  CreateLaunchTemplateVersion: BUCKETS.mutating,
  ModifyLaunchTemplate: BUCKETS.mutating,
  DeleteLaunchTemplateVersions: BUCKETS.mutating,
  UpdateAutoScalingGroup: BUCKETS.mutating,
};

const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** One token bucket: starts full (burst) and refills continuously at refillPerSecond. */
export class Pacer {
  /** Tokens at `at`; negative when callers hold reservations not yet due. */
  private tokens: number;
  private at: number;
  /** The last waiter's turn; each waiter starts its sleep only after the one before it resolved. */
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly size: BucketSize,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(size.burst >= 1) || !(size.refillPerSecond > 0)) {
      throw new RangeError(`a bucket needs burst >= 1 and refillPerSecond > 0 (got ${JSON.stringify(size)})`);
    }
    this.tokens = size.burst;
    this.at = clock.now();
  }

  /** Resolves when a token is this caller's; callers are served in the order they called. */
  take(): Promise<void> {
    if (this.size.refillPerSecond === Number.POSITIVE_INFINITY) return Promise.resolve();
    this.tokens = this.available(this.clock.now()) - 1;
    this.at = this.clock.now();
    if (this.tokens >= 0 && this.waiting === 0) return Promise.resolve();
    const due = this.at + (Math.max(0, -this.tokens) / this.size.refillPerSecond) * 1000;
    this.waiting += 1;
    const turn = this.tail.then(() => this.sleepUntil(due));
    this.tail = turn.finally(() => {
      this.waiting -= 1;
    });
    return this.tail;
  }

  /**
   * AWS answered RequestLimitExceeded: the account's bucket is empty (other callers share it, or an
   * earlier run drained it). Drop what this bucket still holds, so the next calls wait for refill.
   */
  drain(): void {
    const now = this.clock.now();
    this.tokens = Math.min(0, this.available(now));
    this.at = now;
  }

  /** Seconds until n more tokens could be taken (after everyone already waiting), for ETA. */
  etaSeconds(n: number): number {
    if (this.size.refillPerSecond === Number.POSITIVE_INFINITY || n <= 0) return 0;
    return Math.max(0, (n - this.available(this.clock.now())) / this.size.refillPerSecond);
  }

  private available(now: number): number {
    return Math.min(this.size.burst, this.tokens + ((now - this.at) / 1000) * this.size.refillPerSecond);
  }

  private sleepUntil(due: number): Promise<void> | undefined {
    // Rounded up: a timer that fires a fraction of a millisecond early must not overdraw the bucket.
    const ms = Math.ceil(due - this.clock.now());
    return ms > 0 ? this.clock.sleep(ms) : undefined;
  }
}

/** One Pacer per (region, action), created on first use; actions without a size are not paced. */
export class Pacers {
  private readonly pacers = new Map<string, Pacer>();
  private readonly unpaced: Pacer;

  constructor(
    private readonly sizes: Partial<Record<string, BucketSize>>,
    private readonly clock: Clock = systemClock,
  ) {
    this.unpaced = new Pacer(
      { burst: Number.POSITIVE_INFINITY, refillPerSecond: Number.POSITIVE_INFINITY },
      clock,
    );
  }

  for(region: string, action: string): Pacer {
    const size = this.sizes[action];
    if (!size) return this.unpaced;
    const key = `${region}\u0000${action}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new Pacer(size, this.clock);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }
}
