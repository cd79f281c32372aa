// STS over the awsQuery protocol (what @aws-sdk/client-sts 3.x and botocore both speak):
// GetCallerIdentity only.

import { ApiError, type Reply, stsErrorReply, stsReply, Xml } from "./protocol.js";
import { isEnabled, type SimState } from "./state.js";

export function handleSts(action: string, region: string, state: SimState, requestId: string): Reply {
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
    if (action !== "GetCallerIdentity") {
      throw new ApiError("InvalidAction", 400, `Could not find operation ${action} for version 2011-06-15`);
    }
    if (state.isDenied(action, region)) {
      throw new ApiError("AccessDenied", 403, `User: ${arn} is not authorized to perform: sts:${action}`);
    }
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
