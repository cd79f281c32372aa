// The SDK clients, made in one place and handed to everything else (inject, don't construct deep inside).
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { STSClient } from "@aws-sdk/client-sts";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import pLimit, { type LimitFunction } from "p-limit";
import { BUCKETS } from "../core/buckets.js";
import { placeOf } from "../core/changes.js";
import { RoleCredentials, type RoleTarget } from "./assume-role.js";
import {
  type Credentials,
  cached,
  configFor,
  makeAutoScaling,
  makeEc2,
  ownPacing,
  type Shared,
  sharedConfig,
  tuned,
} from "./client-config.js";
import { boundedCredentials } from "./credentials.js";
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
import { resolveSettings } from "./settings.js";
import { type ActingClients, SharedRegional } from "./shared-regional.js";
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

/** Where an account's EC2 and Auto Scaling clients come from: its own, or the run's shared ones. */
interface Regional {
  ec2(region: string): Ec2Port;
  autoscaling(region: string): AutoScalingPort;
}

/** EC2 and Auto Scaling clients of the account's own, made per region on first use, paced at its places. */
function ownRegional(shared: Shared, credentials: Credentials, account: string | undefined): Regional {
  return {
    ec2: (region) => {
      // Writes are paced per account and region, as AWS's buckets are: the key says which.
      const { pacingOf, paceWrites } = ownPacing(placeOf({ account, region }));
      return ec2Port(makeEc2(shared, { credentials, region, pacingOf }), paceWrites);
    },
    autoscaling: (region) => {
      const { pacingOf, paceWrites } = ownPacing(placeOf({ account, region }));
      return autoScalingPort(makeAutoScaling(shared, { credentials, region, pacingOf }), paceWrites);
    },
  };
}

/** A member account's EC2 and Auto Scaling: the run's shared clients, every call made as the account. */
function actingRegional(acting: ActingClients): Regional {
  return {
    ec2: (region) => ec2Port(acting.ec2(region), acting.paceWrites),
    autoscaling: (region) => autoScalingPort(acting.autoscaling(region), acting.paceWrites),
  };
}

/**
 * Clients acting with `credentials`: made per region on first use. Clients are never destroyed one
 * by one (that would close the shared agents); an account's go with it.
 */
function clientsWith(
  shared: Shared,
  credentials: Credentials,
  base: { homeRegion: string; limit: LimitFunction; endpoint: string | undefined; account?: string },
  regional: Regional = ownRegional(shared, credentials, base.account),
): Clients {
  const bound = <C extends { middlewareStack: { remove(name: string): boolean } }>(c: C, what: string) =>
    tuned(c, shared.timeoutMs, what);
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
    ec2: cached(regional.ec2),
    autoscaling: cached(regional.autoscaling),
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
      const regional = new SharedRegional(shared);
      return {
        member: (account) => {
          const credentials = roles.provider(account);
          const acting = actingRegional(regional.as(account, credentials));
          return clientsWith(shared, credentials, { ...base, account }, acting);
        },
        enter: async (account) => {
          await roles.get(account);
        },
        leave: (account) => roles.forget(account),
        calls: () => roles.calls,
      };
    },
  };
}
