// What every SDK client of a run is made from: the shared configuration (agents, retries, timeouts,
// settings read once), the tuning every client gets (no logger middleware, named error pages, a
// deadline per call), and the EC2 and Auto Scaling clients with their write pacing installed.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EC2Client } from "@aws-sdk/client-ec2";
import type { defaultProvider } from "@aws-sdk/credential-provider-node";
import type { TemporaryCredentials } from "./assume-role.js";
import { boundCalls } from "./deadline.js";
import { rejectErrorPages } from "./error-pages.js";
import { useFastReader } from "./fast-reader/index.js";
import type { Pacers } from "./pacer.js";
import { RefusedFailsFast } from "./retry.js";
import type { ResolvedSettings } from "./settings.js";
import { type Pacing, paceAttempts } from "./throttle.js";

/**
 * imds never hands the SDK a logger, yet the SDK's logger middleware still runs its
 * sensitive-data filter over every response (a second walk of every parsed page: about 7% of
 * the CPU of a 150,000-instance audit). Without a logger it has nothing to do, so it goes. Every
 * call gets its deadline here too, and an error page instead of an AWS error is named (never retried).
 */
export function tuned<C extends { middlewareStack: { remove(name: string): boolean } }>(
  client: C,
  timeoutMs: number,
  what: string,
): C {
  client.middlewareStack.remove("loggerMiddleware");
  rejectErrorPages(client);
  oneSigner(client);
  return boundCalls(client, timeoutMs, what);
}

/**
 * The SDK makes a new SigV4 signer for every call (a copy of the whole client configuration), and
 * with it an empty cache of signing keys, so every call derives its key again: about 4% of the CPU
 * of an organization audit. The signer depends only on the client's region and service, and asks
 * the credentials provider on every call: one per client serves them all, with its key cache.
 */
function oneSigner(client: object): void {
  const config = (client as { config?: { signer?: unknown } }).config;
  const make = config?.signer;
  if (!config || typeof make !== "function") return;
  let made: Promise<unknown> | undefined;
  config.signer = (authScheme: unknown) => {
    made ??= (make as (s: unknown) => Promise<unknown>)(authScheme).catch((err: unknown) => {
      made = undefined;
      throw err;
    });
    return made;
  };
}

export type Credentials = ReturnType<typeof defaultProvider> | (() => Promise<TemporaryCredentials>);

/** The options the shared configuration reads (clients.ts's AwsOptions has them all). */
interface ConfigOptions {
  endpoint?: string | undefined;
  timeoutMs?: number;
  maxAttempts?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  concurrency?: number;
  fastReader?: boolean;
}

/** Everything but the credentials: what every client of the run shares. */
export function sharedConfig(opts: ConfigOptions, settings: ResolvedSettings) {
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

export type Shared = ReturnType<typeof sharedConfig>;

/** One client's configuration: the shared part, its credentials and region, its own retry strategy. */
export function configFor(shared: Shared, credentials: Credentials, region: string) {
  const retryStrategy = new RefusedFailsFast(shared.config.maxAttempts);
  return { ...shared.config, credentials, region, retryStrategy };
}

/** How an EC2 or Auto Scaling client is made: its credentials, region, and pacing (asked on each attempt). */
export interface Making {
  credentials: Credentials;
  region: string;
  pacingOf: () => Pacing | undefined;
}

/** A client of `Client` tuned and paced; `what` names it in deadline errors. */
function paced<C extends EC2Client | AutoScalingClient>(
  shared: Shared,
  Client: new (config: ReturnType<typeof configFor>) => C,
  what: string,
  { credentials, region, pacingOf }: Making,
): C {
  const client = tuned(
    new Client(configFor(shared, credentials, region)),
    shared.timeoutMs,
    `${what} in ${region}`,
  );
  paceAttempts(client, pacingOf);
  return client;
}

/** EC2 in a region, tuned, paced, with the fast reader. */
export function makeEc2(shared: Shared, making: Making): EC2Client {
  const client = paced(shared, EC2Client, "EC2", making);
  if (shared.fastReader) useFastReader(client);
  return client;
}

/** Auto Scaling in a region (its own endpoint, or --endpoint-url), tuned and paced like EC2. */
export function makeAutoScaling(shared: Shared, making: Making): AutoScalingClient {
  return paced(shared, AutoScalingClient, "Auto Scaling", making);
}

/** A client of one account's own, paced in that account's buckets at `key`. */
export function ownPacing(key: string) {
  let pacers: Pacers | undefined;
  return {
    pacingOf: (): Pacing => ({ key, pacers }),
    paceWrites: (given: Pacers) => {
      pacers = given;
    },
  };
}

/** One of each client per key, made on first use. */
export function cached<T>(make: (key: string) => T): (key: string) => T {
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
