// Who is calling: the SigV4 access key id selects the account. Keys the simulator issued
// (sts:AssumeRole) are that account's assumed role, checked against their session token, expiry
// and the account's status; any other key is the caller's own: the management account.

import type { SimAccount } from "./account.js";
import type { SimAccounts } from "./accounts.js";
import type { Session } from "./credentials.js";

export interface Caller {
  readonly account: SimAccount;
  /** `arn:aws:iam::ACCOUNT:user/imds-sim` or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  readonly arn: string;
  /** GetCallerIdentity's UserId. */
  readonly userId: string;
  /** The assumed-role session, for simulator-issued keys. */
  readonly session?: Session;
}

/** Why a key was refused: its session expired, or it is not valid (wrong token, account closed). */
export type IdentityFailure = "expired" | "invalid";

export function identify(
  accounts: SimAccounts,
  accessKeyId: string,
  sessionToken: string | undefined,
  now: number,
): Caller | IdentityFailure {
  const session = accounts.credentials.find(accessKeyId);
  if (!session) {
    const account = accounts.management;
    account.use();
    return { account, arn: `arn:aws:iam::${account.id}:user/imds-sim`, userId: "AIDASIMULATORUSER0001" };
  }
  const account = accounts.get(session.accountId);
  if (!account || sessionToken !== session.sessionToken) return "invalid";
  if (now >= session.expiresAt) return "expired";
  if (!account.use()) return "invalid";
  return {
    account,
    arn: `arn:aws:sts::${account.id}:assumed-role/${session.roleName}/${session.sessionName}`,
    userId: `${session.roleId}:${session.sessionName}`,
    session,
  };
}

/**
 * Why `caller` may not call `service:action` in `region`, as AWS words it, or undefined when it
 * may. `scp`: whether the account's service control policy applies (EC2 and CloudWatch; STS and
 * Organizations are global and exempt in region-deny SCPs). `resource`: the ARN acted on, when AWS
 * names it (sts:AssumeRole).
 */
export function denial(
  caller: Caller,
  service: string,
  action: string,
  region: string,
  scp: boolean,
  resource?: string,
): string | undefined {
  const on = resource === undefined ? "" : ` on resource: ${resource}`;
  const head = `User: ${caller.arn} is not authorized to perform: ${service}:${action}${on}`;
  if (scp && caller.account.profile.scpDeniedRegions.has(region))
    return `${head} with an explicit deny in a service control policy`;
  if (caller.account.state.isDenied(action, region))
    return `${head} because no identity-based policy allows the ${service}:${action} action`;
  return undefined;
}
