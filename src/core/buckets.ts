// AWS's published request token buckets (per account, region and action; aws-facts.md), the one
// table the client's pacing and the simulator's throttling both read.

export interface BucketSize {
  burst: number;
  /** Tokens added per second, continuously, up to `burst`. */
  refillPerSecond: number;
}

export const BUCKETS = {
  describe: { burst: 100, refillPerSecond: 20 },
  describeInstancesUnpaginated: { burst: 50, refillPerSecond: 10 },
  mutating: { burst: 50, refillPerSecond: 5 },
  modifyInstanceMetadataOptions: { burst: 100, refillPerSecond: 5 },
  modifyInstanceMetadataDefaults: { burst: 2, refillPerSecond: 2 },
  /**
   * sts:AssumeRole, imds's own pace on the caller's regional STS endpoint: a sixth of STS's 600
   * per second (below), so the caller's other automation keeps the rest, and still ten times the
   * accounts a second one imds process reads.
   */
  assumeRole: { burst: 100, refillPerSecond: 100 },
  /** CloudWatch GetMetricData: 50 TPS per region is AWS's published quota; the burst is a guess. */
  getMetricData: { burst: 50, refillPerSecond: 50 },
  /** Security Hub BatchImportFindings: 10 TPS per account and region, burst 30 (partner guide). */
  batchImportFindings: { burst: 30, refillPerSecond: 10 },
  /** Security Hub GetFindings: 3 TPS, burst 6 (API reference, GetFindings). */
  getFindings: { burst: 6, refillPerSecond: 3 },
  /**
   * STS, every action together, per account (the caller's) and region: 600 requests per second
   * (IAM and STS quotas, "STS request quotas"; AWS says they cannot be raised); burst = rate.
   */
  sts: { burst: 600, refillPerSecond: 600 },
  /**
   * Organizations, every read action together, per organization. AWS publishes no figure
   * (awsdocs/aws-organizations-docs#39); users report throttling from ~250 accounts walked
   * quickly. A guess: 20 at once, 5 per second after.
   */
  organizations: { burst: 20, refillPerSecond: 5 },
} as const satisfies Record<string, BucketSize>;
