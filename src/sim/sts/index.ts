// STS over the awsQuery protocol (what @aws-sdk/client-sts 3.x and botocore both speak):
// GetCallerIdentity and AssumeRole, for the caller the access key names.

import type { Caller } from "../accounts/identity.js";
import { denial } from "../accounts/identity.js";
import { BUCKETS } from "../buckets.js";
import { ApiError, type Params, type Reply, stsErrorReply, stsReply, Xml } from "../protocol.js";
import { isEnabled } from "../state.js";
import { assumeRole, type StsContext } from "./assume-role.js";

export const invalidToken = () =>
  new ApiError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
export const expiredToken = () =>
  new ApiError("ExpiredToken", 403, "The security token included in the request is expired");

function getCallerIdentity(caller: Caller): string {
  return new Xml()
    .leaf("Arn", caller.arn)
    .leaf("UserId", caller.userId)
    .leaf("Account", caller.account.id)
    .toString();
}

function run(action: string, region: string, params: Params, ctx: StsContext): string {
  const r = ctx.caller.account.state.region(region);
  // Guess: a regional STS endpoint in a region the account has not enabled rejects the token.
  if (!r || !isEnabled(r)) throw invalidToken();
  if (action !== "GetCallerIdentity" && action !== "AssumeRole") {
    throw new ApiError("InvalidAction", 400, `Could not find operation ${action} for version 2011-06-15`);
  }
  if (!ctx.buckets.take(region, "STS", BUCKETS.sts)) throw new ApiError("Throttling", 400, "Rate exceeded");
  if (action === "AssumeRole") return assumeRole(params, ctx, region);
  const message = denial(ctx.caller, "sts", action, region, false);
  if (message) throw new ApiError("AccessDenied", 403, message);
  return getCallerIdentity(ctx.caller);
}

export function handleSts(
  action: string,
  region: string,
  params: Params,
  ctx: StsContext,
  requestId: string,
): Reply {
  try {
    return stsReply(action, requestId, run(action, region, params, ctx));
  } catch (error) {
    if (error instanceof ApiError) return stsErrorReply(error, requestId);
    throw error;
  }
}
