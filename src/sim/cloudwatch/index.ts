// CloudWatch dispatch (SigV4 scope service `monitoring`): region check, throttling, validation,
// permission, then the action. Only GetMetricData is served.

import { type Caller, denial } from "../accounts/identity.js";
import { BUCKETS, type BucketTaker } from "../buckets.js";
import type { SimClock } from "../clock.js";
import { ApiError, type Reply } from "../protocol.js";
import { isEnabled, type SimState } from "../state.js";
import { prepareGetMetricData } from "./get-metric-data.js";
import { cwErrorReply, cwReply, parseJsonBody } from "./protocol.js";

export interface CloudWatchDeps {
  /** The caller's account's state. */
  state: SimState;
  /** The caller's account's buckets. */
  buckets: BucketTaker;
  caller: Caller;
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
  const refused = denial(deps.caller, "cloudwatch", action, regionName, true);
  if (refused) throw new ApiError("AccessDenied", 403, refused);
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
