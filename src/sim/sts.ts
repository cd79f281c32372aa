// STS over the awsQuery protocol (what @aws-sdk/client-sts 3.x and botocore both speak):
// GetCallerIdentity, and AssumeRole for the SDK's role profiles (role_arn + source_profile).

import { ApiError, type Reply, stsErrorReply, stsReply, Xml } from "./protocol.js";
import { isEnabled, type SimState } from "./state.js";

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/**
 * AssumeRole (API reference: RoleArn and RoleSessionName required; DurationSeconds 900..43200,
 * default 3600). Guess: any role in the simulated account may be assumed, and the credentials are
 * not checked afterwards (the simulator checks none).
 */
function assumeRole(params: ReadonlyMap<string, string>, accountId: string): string {
  const roleArn = params.get("RoleArn") ?? "";
  const session = params.get("RoleSessionName") ?? "";
  const role = ROLE_ARN.exec(roleArn);
  if (!role || !/^[\w+=,.@-]{2,64}$/.test(session)) {
    throw new ApiError("ValidationError", 400, "RoleArn and RoleSessionName must be valid");
  }
  if (role[1] !== accountId) {
    throw new ApiError("AccessDenied", 403, `Not authorized to perform sts:AssumeRole on ${roleArn}`);
  }
  const seconds = Number(params.get("DurationSeconds") ?? 3600);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
    throw new ApiError("ValidationError", 400, "DurationSeconds must be between 900 and 43200");
  }
  return new Xml()
    .open("Credentials")
    .leaf("AccessKeyId", "ASIASIMULATORROLE001")
    .leaf("SecretAccessKey", "simulated-role-secret")
    .leaf("SessionToken", "simulated-session-token")
    .leaf("Expiration", new Date(Date.now() + seconds * 1000).toISOString())
    .close("Credentials")
    .open("AssumedRoleUser")
    .leaf("AssumedRoleId", `AROASIMULATORROLE0001:${session}`)
    .leaf("Arn", `arn:aws:sts::${accountId}:assumed-role/${role[2]}/${session}`)
    .close("AssumedRoleUser")
    .toString();
}

export function handleSts(
  action: string,
  region: string,
  state: SimState,
  requestId: string,
  params: ReadonlyMap<string, string> = new Map(),
): Reply {
  const arn = `arn:aws:iam::${state.accountId}:user/imds-sim`;
  try {
    const r = state.region(region);
    if (!r || !isEnabled(r)) {
      // Guess: a regional STS endpoint in a region the account has not enabled rejects the token.
      throw new ApiError(
        "InvalidClientTokenId",
        403,
        "The security token included in the request is invalid.",
      );
    }
    if (action !== "GetCallerIdentity" && action !== "AssumeRole") {
      throw new ApiError("InvalidAction", 400, `Could not find operation ${action} for version 2011-06-15`);
    }
    if (state.isDenied(action, region)) {
      throw new ApiError("AccessDenied", 403, `User: ${arn} is not authorized to perform: sts:${action}`);
    }
    if (action === "AssumeRole") return stsReply(action, requestId, assumeRole(params, state.accountId));
    const xml = new Xml()
      .leaf("Arn", arn)
      .leaf("UserId", "AIDASIMULATORUSER0001")
      .leaf("Account", state.accountId);
    return stsReply(action, requestId, xml.toString());
  } catch (error) {
    if (error instanceof ApiError) return stsErrorReply(error, requestId);
    throw error;
  }
}
