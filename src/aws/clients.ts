// The SDK clients, made in one place and handed to everything else (inject, don't construct deep inside).
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { STSClient } from "@aws-sdk/client-sts";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import pLimit, { type LimitFunction } from "p-limit";
import { rejectErrorPages } from "./error-pages.js";
import { useFastReader } from "./fast-reader/index.js";
import {
  type AutoScalingPort,
  autoScalingPort,
  type Ec2Port,
  ec2Port,
  type IdentityPort,
  identityPort,
  type MetricsPort,
  metricsPort,
  type SecurityHubPort,
  securityHubPort,
} from "./ports.js";

export interface AwsOptions {
  profile?: string | undefined;
  /** Home region for global calls (STS, DescribeRegions); else the SDK's chain, else us-east-1. */
  region?: string | undefined;
  endpoint?: string | undefined;
  /** Attempts per call, counting the first (SDK standard retry mode). */
  maxAttempts?: number;
  /** Milliseconds to establish a connection, and of socket inactivity before a request fails. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** API calls in flight at once, across all regions (reads; writes are paced per region). */
  concurrency?: number;
  /** Where the SDK's one-off warnings go, as one line each. */
  warn?: (message: string) => void;
  /** false: DescribeInstances replies go through the SDK's own XML parser, not imds's reader (fast-reader/). */
  fastReader?: boolean;
}

export interface Clients {
  homeRegion: string;
  /** The one limiter every fan-out of reads shares, so --concurrency holds across all of them. */
  limit: LimitFunction;
  endpoint: string | undefined;
  ec2(region: string): Ec2Port;
  /** Auto Scaling: its own client and endpoint (or --endpoint-url), the same credentials. */
  autoscaling(region: string): AutoScalingPort;
  metrics(region: string): MetricsPort;
  /** Security Hub in a region (audit --to-security-hub). */
  securityHub(region: string): SecurityHubPort;
  identity(): IdentityPort;
}

/** One of each client per key, made on first use. */
function cached<T>(make: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    let c = made.get(key);
    if (c === undefined) {
      c = make(key);
      made.set(key, c);
    }
    return c;
  };
}

const FALLBACK_REGION = "us-east-1";

async function resolveHomeRegion(opts: AwsOptions): Promise<string> {
  if (opts.region) return opts.region;
  const probe = new STSClient(opts.profile ? { profile: opts.profile } : {});
  try {
    return await probe.config.region();
  } catch {
    // No region in the environment or the profile: global calls work from any enabled region.
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

/**
 * The credential chain warns, in eight lines, when a profile and static keys are both set. With an
 * explicit --profile that is what the user asked for; from AWS_PROFILE it is worth one line.
 */
function credentialLogger(opts: AwsOptions) {
  const quiet = () => {};
  const warn = (message: string) => {
    if (opts.profile || !/Multiple credential sources/.test(message)) return;
    opts.warn?.("both AWS_PROFILE and AWS_ACCESS_KEY_ID are set: using the profile");
  };
  return { debug: quiet, info: quiet, trace: quiet, error: quiet, warn };
}

export async function createClients(opts: AwsOptions): Promise<Clients> {
  const homeRegion = await resolveHomeRegion(opts);
  // One provider for every client: SSO, assume-role and IMDS credentials are resolved once.
  const credentials = defaultProvider({
    ...(opts.profile ? { profile: opts.profile } : {}),
    logger: credentialLogger(opts),
  });
  const common = {
    credentials,
    maxAttempts: opts.maxAttempts ?? 6,
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: opts.connectTimeoutMs ?? 3_000,
      requestTimeout: opts.requestTimeoutMs ?? 20_000,
      // Without this the SDK only logs a stalled request and waits forever.
      throwOnRequestTimeout: true,
      httpsAgent: { keepAlive: true, maxSockets: 50 },
      httpAgent: { keepAlive: true, maxSockets: 50 },
    },
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
  };
  /**
   * imds never hands the SDK a logger, yet the SDK's logger middleware still runs its
   * sensitive-data filter over every response (a second walk of every parsed page: about 7% of
   * the CPU of a 150,000-instance audit). Without a logger it has nothing to do, so it goes.
   */
  const quiet = <C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C => {
    client.middlewareStack.remove("loggerMiddleware");
    rejectErrorPages(client);
    return client;
  };
  const ec2 = cached((region) => {
    const client = quiet(new EC2Client({ ...common, region }));
    if (opts.fastReader !== false) useFastReader(client);
    return ec2Port(client, region);
  });
  const autoscaling = cached((region) =>
    autoScalingPort(quiet(new AutoScalingClient({ ...common, region })), region),
  );
  const metrics = cached((region) => metricsPort(quiet(new CloudWatchClient({ ...common, region }))));
  const securityHub = cached((region) =>
    securityHubPort(quiet(new SecurityHubClient({ ...common, region }))),
  );
  const identity = cached(() => identityPort(quiet(new STSClient({ ...common, region: homeRegion }))));
  return {
    homeRegion,
    limit: pLimit(opts.concurrency ?? 32),
    endpoint: opts.endpoint,
    ec2,
    autoscaling,
    metrics,
    securityHub,
    identity: () => identity(""),
  };
}
