// What every command does first: clients, who the caller is, and which regions are in scope.
import { type AwsOptions, type Clients, createClients } from "../aws/clients.js";
import { errorCode, errorKind } from "../aws/errors.js";
import { type RegionInfo, resolveScope, type ScopeRequest } from "../core/scope.js";
import { firstLine } from "../core/text.js";
import { IncompleteError, UsageError } from "../errors.js";

export interface Session {
  clients: Clients;
  account: { id: string; arn?: string };
  regions: string[];
}

/** Turns a failure of a global call into the one line a user needs, with the right exit code. */
function globalCallError(err: unknown, what: string, clients: Clients, profile?: string): Error {
  const kind = errorKind(err);
  const code = errorCode(err);
  const where = clients.endpoint ?? `the ${clients.homeRegion} endpoint`;
  if (kind === "credentials") {
    const which = profile ? ` for profile "${profile}"` : "";
    return new UsageError(
      `no usable AWS credentials${which} (${code}: ${firstLine(err)}): check the profile name, set AWS_PROFILE or pass --profile, or refresh them with "aws sso login"`,
    );
  }
  if (kind === "network" || kind === "timeout") {
    return new IncompleteError(
      `could not reach ${where} for ${what} (${code}): check network access, proxy settings and --endpoint-url`,
    );
  }
  if (kind === "unsupported") {
    return new IncompleteError(
      `this endpoint does not implement ${what} (it answered a web page, not an AWS error)`,
    );
  }
  if (kind === "permission") {
    return new IncompleteError(`${what} was denied (${code}): grant it to the caller, or pass --regions`);
  }
  return new IncompleteError(`${what} failed (${code}: ${firstLine(err)})`);
}

/** Who the caller is, and every region AWS has (enabled for the caller or not). */
export async function identify(
  clients: Clients,
  aws: AwsOptions,
  scope: ScopeRequest,
): Promise<{ account: { id: string; arn?: string }; all: RegionInfo[] }> {
  // Credentials first, on their own timeout: a helper that hangs is named as such, not as a call timeout.
  await clients.resolveCredentials().catch((err: unknown) => {
    throw globalCallError(err, "credentials", clients, aws.profile);
  });
  const [identity, regionList] = await Promise.allSettled([
    clients.identity().whoAmI(),
    clients.ec2(clients.homeRegion).listRegions(),
  ]);
  if (identity.status === "rejected")
    throw globalCallError(identity.reason, "sts:GetCallerIdentity", clients, aws.profile);
  if (regionList.status === "fulfilled") return { account: identity.value, all: regionList.value };
  if (scope.regions?.length && errorKind(regionList.reason) === "permission") {
    // Without ec2:DescribeRegions the names given cannot be checked; trust them.
    const all = scope.regions.map((name) => ({ name, optInStatus: "opt-in-not-required" }));
    return { account: identity.value, all };
  }
  throw globalCallError(regionList.reason, "ec2:DescribeRegions", clients, aws.profile);
}

export async function openSession(aws: AwsOptions, scope: ScopeRequest): Promise<Session> {
  const clients = await createClients(aws);
  const { account, all } = await identify(clients, aws, scope);
  return { clients, account, regions: resolveScope(all, scope) };
}
