// sts:AssumeRole into arn:aws:iam::ACCOUNT:role/NAME: temporary credentials whose access key
// selects that account for every later call. Every refusal (the role's trust policy, a role that
// does not exist, a wrong ExternalId, a closed account) is the same AccessDenied, as in AWS,
// which never says whether a role exists.

import type { SimAccount } from "../accounts/account.js";
import type { SimAccounts } from "../accounts/accounts.js";
import { type Caller, denial } from "../accounts/identity.js";
import type { BucketTaker } from "../buckets.js";
import { ApiError, intParam, type Params, Xml } from "../protocol.js";

/** Who calls STS, and with which buckets. */
export interface StsContext {
  readonly accounts: SimAccounts;
  readonly caller: Caller;
  /** The caller's account's buckets. */
  readonly buckets: BucketTaker;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** A role's MaxSessionDuration (IAM's default, which OrganizationAccountAccessRole keeps). */
const MAX_SESSION_SECONDS = 3600;
const CHAINED_MAX_SECONDS = 3600;

const invalid = (field: string, value: string | undefined, rule: string) =>
  new ApiError(
    "ValidationError",
    400,
    `1 validation error detected: Value ${value === undefined ? "null" : `'${value}'`} at '${field}' failed to satisfy constraint: ${rule}`,
  );

function checked(params: Params): { roleArn: string; sessionName: string; duration: number } {
  const roleArn = params.get("RoleArn");
  if (roleArn === undefined) throw invalid("roleArn", roleArn, "Member must not be null");
  if (roleArn.length < 20)
    throw invalid("roleArn", roleArn, "Member must have length greater than or equal to 20");
  const sessionName = params.get("RoleSessionName");
  if (sessionName === undefined) throw invalid("roleSessionName", sessionName, "Member must not be null");
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
    throw invalid(
      "roleSessionName",
      sessionName,
      "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64",
    );
  const externalId = params.get("ExternalId");
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId))
    throw invalid(
      "externalId",
      externalId,
      "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    );
  const duration = intParam(params, "DurationSeconds") ?? 3600;
  if (duration < 900 || duration > 43200)
    throw invalid("durationSeconds", String(duration), "Member must have value between 900 and 43200");
  return { roleArn, sessionName, duration };
}

function trusts(account: SimAccount | undefined, roleName: string, externalId: string | undefined): boolean {
  if (!account?.isActive) return false;
  const { assumeRole, roles, externalId: required } = account.profile;
  if (assumeRole !== "ok") return false;
  if (roles && !roles.includes(roleName)) return false;
  return required === undefined || required === externalId;
}

/** The AssumeRoleResult body. */
export function assumeRole(params: Params, ctx: StsContext, region: string): string {
  const { roleArn, sessionName, duration } = checked(params);
  const arn = ROLE_ARN.exec(roleArn);
  if (!arn) throw new ApiError("ValidationError", 400, `${roleArn} is invalid`);
  const [, accountId = "", roleName = ""] = arn;
  const refused = denial(ctx.caller, "sts", "AssumeRole", region, false, roleArn);
  if (refused) throw new ApiError("AccessDenied", 403, refused);
  const target = ctx.accounts.get(accountId);
  if (!trusts(target, roleName, params.get("ExternalId")) || !target) {
    throw new ApiError(
      "AccessDenied",
      403,
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  }
  if (ctx.caller.session && duration > CHAINED_MAX_SECONDS)
    throw new ApiError(
      "ValidationError",
      400,
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
  if (duration > MAX_SESSION_SECONDS)
    throw new ApiError(
      "ValidationError",
      400,
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
  const session = ctx.accounts.credentials.issue({
    accountId,
    roleName,
    sessionName,
    expiresAt: ctx.accounts.clock.now() + duration * 1000,
    chained: ctx.caller.session !== undefined,
  });
  return new Xml()
    .open("AssumedRoleUser")
    .leaf("AssumedRoleId", `${session.roleId}:${sessionName}`)
    .leaf("Arn", `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`)
    .close("AssumedRoleUser")
    .open("Credentials")
    .leaf("AccessKeyId", session.accessKeyId)
    .leaf("SecretAccessKey", session.secretAccessKey)
    .leaf("SessionToken", session.sessionToken)
    .leaf("Expiration", new Date(session.expiresAt).toISOString())
    .close("Credentials")
    .toString();
}
