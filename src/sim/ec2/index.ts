// EC2 dispatch: region check, throttling, validation, permission, DryRun, then the action.

import { type Caller, denial } from "../accounts/identity.js";
import type { BucketTaker } from "../buckets.js";
import type { SimClock } from "../clock.js";
import type { Controls, FaultKind } from "../controls.js";
import { ApiError, boolParam, ec2ErrorReply, ec2Reply, type Params, type Reply, Xml } from "../protocol.js";
import { isEnabled, type SimState } from "../state.js";
import type { Ec2Action, Ec2Context, Payload } from "./action.js";
import { createLaunchTemplateVersion } from "./create-launch-template-version.js";
import { describeImages } from "./describe-images.js";
import { describeInstances } from "./describe-instances.js";
import { describeLaunchTemplates } from "./describe-launch-templates.js";
import { describeRegions } from "./describe-regions.js";
import { getInstanceMetadataDefaults, modifyInstanceMetadataDefaults } from "./instance-metadata-defaults.js";
import { describeLaunchTemplateVersions } from "./launch-templates.js";
import { modifyInstanceMetadataOptions } from "./modify-instance-metadata-options.js";
import { deleteLaunchTemplateVersions, modifyLaunchTemplate } from "./modify-launch-template.js";

const ACTIONS: Record<string, Ec2Action> = {
  DescribeRegions: describeRegions,
  DescribeInstances: describeInstances,
  GetInstanceMetadataDefaults: getInstanceMetadataDefaults,
  ModifyInstanceMetadataDefaults: modifyInstanceMetadataDefaults,
  ModifyInstanceMetadataOptions: modifyInstanceMetadataOptions,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  DescribeImages: describeImages,
  DescribeLaunchTemplates: describeLaunchTemplates,
  CreateLaunchTemplateVersion: createLaunchTemplateVersion,
  ModifyLaunchTemplate: modifyLaunchTemplate,
  DeleteLaunchTemplateVersions: deleteLaunchTemplateVersions,
};

export interface Ec2Deps {
  /** How much of each instance and template version replies carry. */
  payload: Payload;
  /** The caller's account's state. */
  state: SimState;
  controls: Controls;
  /** The caller's account's buckets. */
  buckets: BucketTaker;
  caller: Caller;
  clock: SimClock;
}

/** A misbehaving endpoint's fault that the EC2 handlers themselves act out. */
export type Ec2Fault = FaultKind | undefined;

function run(
  action: string,
  regionName: string,
  params: Params,
  deps: Ec2Deps,
  requestId: string,
  fault: Ec2Fault,
): Reply {
  const region = deps.state.region(regionName);
  if (!region || !isEnabled(region)) {
    // Guess: what a not-opted-in (or unknown) region answers, seen from the SDK.
    throw new ApiError("AuthFailure", 401, "AWS was not able to validate the provided access credentials");
  }
  const handler = ACTIONS[action];
  if (!handler)
    throw new ApiError("InvalidAction", 400, `The action ${action} is not valid for this web service.`);
  const { key, size } = handler.bucket(params);
  if (!deps.buckets.take(regionName, key, size))
    throw new ApiError("RequestLimitExceeded", 503, "Request limit exceeded.");
  const ctx: Ec2Context = {
    payload: deps.payload,
    state: deps.state,
    region,
    controls: deps.controls,
    now: deps.clock.now(),
    extraFields: fault === "extra-fields",
  };
  const work = handler.prepare(params, ctx);
  const refused = denial(deps.caller, "ec2", action, regionName, true);
  if (refused)
    throw new ApiError(
      "UnauthorizedOperation",
      403,
      `You are not authorized to perform this operation. ${refused}`,
    );
  // `ignore-dry-run`: an endpoint that does not know DryRun makes the change and answers success.
  if (boolParam(params, "DryRun") && fault !== "ignore-dry-run") {
    throw new ApiError("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.");
  }
  // Realistic replies are also laid out as AWS's are: pretty-printed.
  const pretty = deps.payload === "realistic";
  const xml = new Xml(pretty, 1);
  work(xml);
  return ec2Reply(action, requestId, xml.toString(), pretty);
}

export function handleEc2(
  action: string,
  region: string,
  params: Params,
  deps: Ec2Deps,
  requestId: string,
  fault?: Ec2Fault,
): Reply {
  try {
    return run(action, region, params, deps, requestId, fault);
  } catch (error) {
    if (error instanceof ApiError) return ec2ErrorReply(error, requestId);
    throw error;
  }
}
