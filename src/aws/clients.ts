// The SDK clients, made in one place and handed to everything else (inject, don't construct deep inside).
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { STSClient } from "@aws-sdk/client-sts";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import pLimit, { type LimitFunction } from "p-limit";
import { BUCKETS } from "../core/buckets.js";
import { placeOf } from "../core/changes.js";
import { RoleCredentials, type RoleTarget, type TemporaryCredentials } from "./assume-role.js";
import { boundedCredentials } from "./credentials.js";
import { boundCalls } from "./deadline.js";
import { rejectErrorPages } from "./error-pages.js";
import { useFastReader } from "./fast-reader/index.js";
import { Pacer } from "./pacer.js";
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
import { RefusedFailsFast } from "./retry.js";
import { type ResolvedSettings, resolveSettings } from "./settings.js";
import { paceEveryAttempt } from "./throttle.js";

export interface AwsOptions {
  profile?: string | undefined;
  /** Home region for global calls (STS, DescribeRegions); else the SDK's chain, else us-east-1. */
  region?: string | undefined;
  endpoint?: string | undefined;
  /** The endpoint in effect, for reports and journals: --endpoint-url, else AWS_ENDPOINT_URL(_EC2). */
  recordedEndpoint?: string | undefined;
  /** Where a role profile's AssumeRole goes: --endpoint-url, else AWS_ENDPOINT_URL(_STS). */
  stsEndpoint?: string | undefined;
  /** Milliseconds one call may take, retries included, and credentials may take to resolve. */
  timeoutMs?: number;
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
  /** The one limiter every fan-out shares, so --concurrency holds across all of them (and all accounts). */
  limit: LimitFunction;
  endpoint: string | undefined;
  /** Resolves the credentials once, within the timeout, before any call needs them. */
  resolveCredentials(): Promise<void>;
  /** The account these clients act in, when they act in an organization's member account. */
  account?: string;
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

/**
 * imds never hands the SDK a logger, yet the SDK's logger middleware still runs its
 * sensitive-data filter over every response (a second walk of every parsed page: about 7% of
 * the CPU of a 150,000-instance audit). Without a logger it has nothing to do, so it goes. Every
 * call gets its deadline here too, and an error page instead of an AWS error is named (never retried).
 */
function tuned<C extends { middlewareStack: { remove(name: string): boolean } }>(
  client: C,
  timeoutMs: number,
  what: string,
): C {
  client.middlewareStack.remove("loggerMiddleware");
  rejectErrorPages(client);
  return boundCalls(client, timeoutMs, what);
}

type Credentials = ReturnType<typeof defaultProvider> | (() => Promise<TemporaryCredentials>);

/** Everything but the credentials: what every client of the run shares. */
function sharedConfig(opts: AwsOptions, settings: ResolvedSettings) {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // One pair of agents for every client of the run: connections do not depend on credentials, so
  // a thousand accounts reuse the same keep-alive sockets instead of opening their own. Sockets per
  // host as many as the calls the limiter lets fly (fewer would queue calls it let go: the
  // simulator is one host), never under 50. Not maxTotalSockets: with it, idle keep-alive sockets
  // to one host block a request to another until they time out.
  const agent = { keepAlive: true, maxSockets: Math.max(50, opts.concurrency ?? 32) };
  const config = {
    maxAttempts: opts.maxAttempts ?? 6,
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: opts.connectTimeoutMs ?? 3_000,
      requestTimeout: Math.min(opts.requestTimeoutMs ?? 20_000, timeoutMs),
      // Without this the SDK only logs a stalled request and waits forever.
      throwOnRequestTimeout: true,
      httpsAgent: new HttpsAgent(agent),
      httpAgent: new HttpAgent(agent),
    },
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...settings.config,
    // Each command's middleware stack resolved once per client, not on every call (deadline.ts
    // passes no per-call options, which would turn the cache off).
    cacheMiddleware: true,
  };
  return { config, fastReader: opts.fastReader !== false, timeoutMs };
}

type Shared = ReturnType<typeof sharedConfig>;

/** One client's configuration: the shared part, its credentials and region, its own retry strategy. */
function configFor(shared: Shared, credentials: Credentials, region: string) {
  const retryStrategy = new RefusedFailsFast(shared.config.maxAttempts);
  return { ...shared.config, credentials, region, retryStrategy };
}

/**
 * Clients acting with `credentials`: EC2 and CloudWatch made per region on first use. Clients are
 * never destroyed one by one (that would close the shared agents); an account's go with it.
 */
function clientsWith(
  shared: Shared,
  credentials: Credentials,
  base: { homeRegion: string; limit: LimitFunction; endpoint: string | undefined; account?: string },
): Clients {
  const bound = <C extends { middlewareStack: { remove(name: string): boolean } }>(c: C, what: string) =>
    tuned(c, shared.timeoutMs, what);
  const ec2 = cached((region) => {
    const client = bound(new EC2Client(configFor(shared, credentials, region)), `EC2 in ${region}`);
    if (shared.fastReader) useFastReader(client);
    // Writes are paced per account and region, as AWS's buckets are: the key says which.
    return ec2Port(client, placeOf({ account: base.account, region }));
  });
  const autoscaling = cached((region) =>
    autoScalingPort(
      bound(new AutoScalingClient(configFor(shared, credentials, region)), `Auto Scaling in ${region}`),
      placeOf({ account: base.account, region }),
    ),
  );
  const metrics = cached((region) =>
    metricsPort(
      bound(new CloudWatchClient(configFor(shared, credentials, region)), `CloudWatch in ${region}`),
    ),
  );
  const securityHub = cached((region) =>
    securityHubPort(
      bound(new SecurityHubClient(configFor(shared, credentials, region)), `Security Hub in ${region}`),
    ),
  );
  const identity = cached(() =>
    identityPort(
      bound(new STSClient(configFor(shared, credentials, base.homeRegion)), `STS in ${base.homeRegion}`),
    ),
  );
  const resolveCredentials = async () => {
    await credentials();
  };
  return {
    ...base,
    resolveCredentials,
    ec2,
    autoscaling,
    metrics,
    securityHub,
    identity: () => identity(""),
  };
}

/** Member accounts reached through one role: clients, their credentials, and the STS calls made. */
export interface RoleAccess {
  /** Clients in a member account, with credentials from sts:AssumeRole into the role. */
  member(account: string): Clients;
  /** The member account's session, fetched now: rejects with AssumeRole's own error. */
  enter(account: string): Promise<void>;
  /** Done with an account: its credentials are dropped. */
  leave(account: string): void;
  /** sts:AssumeRole calls made so far. */
  calls(): number;
}

/** What an organization run needs beyond the caller's own clients. */
export interface OrgClients {
  caller: Clients;
  /** The caller's own account as one account of the organization: its credentials, its own pacing key. */
  callerIn(account: string): Clients;
  /** Organizations (global: its endpoint is in us-east-1), with the caller's credentials. */
  organizations(): OrganizationsClient;
  /** Reaching member accounts through `role` (its ARN needs the caller's partition, known later). */
  withRole(role: RoleTarget): RoleAccess;
}

async function callerSetup(opts: AwsOptions) {
  const settings = await resolveSettings(opts);
  const homeRegion = settings.homeRegion;
  // One provider for every client: SSO, assume-role and IMDS credentials are resolved once.
  const shared = sharedConfig(opts, settings);
  const credentials = boundedCredentials(
    defaultProvider({
      ...(opts.profile ? { profile: opts.profile } : {}),
      logger: credentialLogger(opts),
      // A role profile's AssumeRole goes where every other call goes, not to AWS's own STS host.
      clientConfig: { region: homeRegion, ...(opts.stsEndpoint ? { endpoint: opts.stsEndpoint } : {}) },
    }),
    { timeoutMs: shared.timeoutMs, profile: opts.profile },
  );
  const base = { homeRegion, limit: pLimit(opts.concurrency ?? 32), endpoint: opts.endpoint };
  return { shared, credentials, base, caller: clientsWith(shared, credentials, base) };
}

export async function createClients(opts: AwsOptions): Promise<Clients> {
  return (await callerSetup(opts)).caller;
}

/** Organizations' one endpoint region. */
const ORGANIZATIONS_REGION = "us-east-1";

export async function createOrgClients(opts: AwsOptions): Promise<OrgClients> {
  const { shared, credentials, base, caller } = await callerSetup(opts);
  const organizations = cached(() => {
    const client = tuned(
      new OrganizationsClient(configFor(shared, credentials, ORGANIZATIONS_REGION)),
      shared.timeoutMs,
      "Organizations",
    );
    // AWS publishes no Organizations rate; the pace is the simulator's model of it (core/buckets.ts).
    paceEveryAttempt(client, new Pacer(BUCKETS.organizations));
    return client;
  });
  return {
    caller,
    callerIn: (account) => clientsWith(shared, credentials, { ...base, account }),
    organizations: () => organizations(""),
    withRole(role) {
      // STS on the home region's endpoint (regional, never the global one), with the caller's keys.
      const sts = tuned(
        new STSClient(configFor(shared, credentials, base.homeRegion)),
        shared.timeoutMs,
        `STS in ${base.homeRegion}`,
      );
      const roles = new RoleCredentials(sts, role, new Pacer(BUCKETS.assumeRole));
      return {
        member: (account) => clientsWith(shared, roles.provider(account), { ...base, account }),
        enter: async (account) => {
          await roles.get(account);
        },
        leave: (account) => roles.forget(account),
        calls: () => roles.calls,
      };
    },
  };
}
