// CloudWatch dispatch (SigV4 scope service `monitoring`): region check, throttling, validation,
// permission, then the action. Only GetMetricData is served.

import { BUCKETS, type TokenBuckets } from "../buckets.js";
import type { SimClock } from "../clock.js";
import { ApiError, type Reply } from "../protocol.js";
import { isEnabled, type SimState } from "../state.js";
import { prepareGetMetricData } from "./get-metric-data.js";
import { cwErrorReply, cwReply, parseJsonBody } from "./protocol.js";

export interface CloudWatchDeps {
  state: SimState;
  buckets: TokenBuckets;
  clock: SimClock;
}

function run(action: string, regionName: string, body: string, deps: CloudWatchDeps): Reply {
  const region = deps.state.region(regionName);
  if (!region || !isEnabled(region)) {
    // Guess: a non-EC2 endpoint in a region the account has not enabled rejects the credentials.
    throw new ApiError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
  }
  if (action !== "GetMetricData") {
    throw new ApiError("InvalidAction", 400, `The action ${action} is not valid for this web service.`);
  }
  if (!deps.buckets.take(regionName, action, BUCKETS.getMetricData)) {
    throw new ApiError("Throttling", 400, "Rate exceeded");
  }
  const work = prepareGetMetricData(parseJsonBody(body), {
    state: deps.state,
    region,
    now: deps.clock.now(),
  });
  if (deps.state.isDenied(action, regionName)) {
    throw new ApiError(
      "AccessDenied",
      403,
      `User: arn:aws:iam::${deps.state.accountId}:user/imds-sim is not authorized to perform: cloudwatch:${action} because no identity-based policy allows the cloudwatch:${action} action`,
    );
  }
  return cwReply(work());
}

export function handleCloudWatch(
  action: string,
  region: string,
  body: string,
  deps: CloudWatchDeps,
  queryMode: boolean,
): Reply {
  try {
    return run(action, region, body, deps);
  } catch (error) {
    if (error instanceof ApiError) return cwErrorReply(error, queryMode);
    throw error;
  }
}
