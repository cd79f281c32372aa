// Auto Scaling over the awsQuery protocol (service `autoscaling`, version 2011-01-01): region
// check, throttling, validation, permission, then the action. Auto Scaling has no DryRun.
import { denial } from "../accounts/identity.js";
import type { Ec2Deps } from "../ec2/index.js";
import { ApiError, type Params, queryErrorReply, queryReply, type Reply, Xml } from "../protocol.js";
import { isEnabled } from "../state.js";
import { describeAutoScalingGroups } from "./describe-groups.js";
import { describeLaunchConfigurations } from "./describe-launch-configurations.js";
import type { AutoScalingAction } from "./params.js";
import { updateAutoScalingGroup } from "./update-group.js";

export const AUTOSCALING_XMLNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

const ACTIONS: Record<string, AutoScalingAction> = {
  DescribeAutoScalingGroups: describeAutoScalingGroups,
  DescribeLaunchConfigurations: describeLaunchConfigurations,
  UpdateAutoScalingGroup: updateAutoScalingGroup,
};

/** Actions whose reply has no `<ActionResult>`. */
const NO_OUTPUT = new Set(["UpdateAutoScalingGroup"]);

function run(action: string, regionName: string, params: Params, deps: Ec2Deps, requestId: string): Reply {
  const region = deps.state.region(regionName);
  if (!region || !isEnabled(region)) {
    // Guess, as for STS: a region the account has not enabled rejects the credentials.
    throw new ApiError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
  }
  const handler = ACTIONS[action];
  if (!handler)
    throw new ApiError("InvalidAction", 400, `Could not find operation ${action} for version 2011-01-01`);
  const { key, size } = handler.bucket(params);
  if (!deps.buckets.take(regionName, key, size)) throw new ApiError("Throttling", 400, "Rate exceeded");
  const ctx = {
    payload: deps.payload,
    state: deps.state,
    region,
    controls: deps.controls,
    now: deps.clock.now(),
  };
  const work = handler.prepare(params, ctx);
  const refused = denial(deps.caller, "autoscaling", action, regionName, true);
  if (refused) throw new ApiError("AccessDenied", 403, refused);
  const xml = new Xml();
  work(xml);
  return queryReply(AUTOSCALING_XMLNS, action, requestId, NO_OUTPUT.has(action) ? undefined : xml.toString());
}

export function handleAutoScaling(
  action: string,
  region: string,
  params: Params,
  deps: Ec2Deps,
  requestId: string,
): Reply {
  try {
    return run(action, region, params, deps, requestId);
  } catch (error) {
    if (error instanceof ApiError) return queryErrorReply(AUTOSCALING_XMLNS, error, requestId);
    throw error;
  }
}
