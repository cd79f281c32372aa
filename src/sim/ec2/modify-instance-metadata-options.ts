// ModifyInstanceMetadataOptions: changes only the fields given; the change reads `pending`
// until `appliedAfterMs` has passed since it was made (computed on read, no timers). Where the
// region's HttpTokensEnforced is enabled, setting HttpTokens=optional on an instance that requires
// IMDSv2 is refused with UnsupportedOperation (EC2 User Guide, configuring-IMDS-existing-instances).

import { BUCKETS } from "../buckets.js";
import { ApiError, enumParam, intParam, invalidParameterValue, missingParameter } from "../protocol.js";
import { HTTP_TOKENS, TOGGLES } from "../scenario/types.js";
import type { MetadataOptions } from "../state.js";
import type { Ec2Action } from "./action.js";
import { INSTANCE_ID, instancesNotFound, malformedInstanceId } from "./describe-instances.js";
import { writeMetadataOptions } from "./instance-xml.js";

/**
 * AWS's message, as the EC2 User Guide's troubleshooting section quotes it for this case (it is the
 * launch message; an account has also been seen answering "You can't set httpTokens to 'optional'
 * because httpTokensEnforced is enabled for this account.").
 */
const ENFORCED_MESSAGE =
  "You can't launch instances with IMDSv1 because httpTokensEnforced is enabled for this account. Either launch the instance with httpTokens=required or contact your account owner to disable httpTokensEnforced using the ModifyInstanceMetadataDefaults API or the account settings in the EC2 console.";

/** Fault `extra-fields`: what a misbehaving endpoint also changes (hop limit +1, tags access flipped). */
function sideEffects(instance: MetadataOptions, change: Partial<MetadataOptions>): Partial<MetadataOptions> {
  const out: Partial<MetadataOptions> = {};
  if (change.httpPutResponseHopLimit === undefined) {
    out.httpPutResponseHopLimit = Math.min(64, instance.httpPutResponseHopLimit + 1);
  }
  if (change.instanceMetadataTags === undefined) {
    out.instanceMetadataTags = instance.instanceMetadataTags === "enabled" ? "disabled" : "enabled";
  }
  return out;
}

export const modifyInstanceMetadataOptions: Ec2Action = {
  bucket: () => ({ key: "ModifyInstanceMetadataOptions", size: BUCKETS.modifyInstanceMetadataOptions }),
  prepare(params, ctx) {
    const id = params.get("InstanceId");
    if (id === undefined) throw missingParameter("InstanceId");
    if (!INSTANCE_ID.test(id)) throw malformedInstanceId(id);
    const hopLimit = intParam(params, "HttpPutResponseHopLimit");
    if (hopLimit !== undefined && (hopLimit < 1 || hopLimit > 64)) {
      throw invalidParameterValue(
        `Value (${hopLimit}) for parameter HttpPutResponseHopLimit is invalid. Valid range: 1 to 64.`,
      );
    }
    const change: Partial<MetadataOptions> = {
      httpTokens: enumParam(params, "HttpTokens", HTTP_TOKENS),
      httpPutResponseHopLimit: hopLimit,
      httpEndpoint: enumParam(params, "HttpEndpoint", TOGGLES),
      httpProtocolIpv6: enumParam(params, "HttpProtocolIpv6", TOGGLES),
      instanceMetadataTags: enumParam(params, "InstanceMetadataTags", TOGGLES),
    };
    return (xml) => {
      const instance = ctx.state.findInstance(ctx.region, id);
      if (!instance) throw instancesNotFound([id]);
      if (instance.state === "terminated" || instance.state === "shutting-down") {
        throw new ApiError(
          "IncorrectInstanceState",
          400,
          `The instance '${id}' is not in a state from which it can be modified (${instance.state}).`,
        );
      }
      if (
        change.httpTokens === "optional" &&
        instance.httpTokens === "required" &&
        ctx.region.defaults.httpTokensEnforced === "enabled"
      ) {
        throw new ApiError("UnsupportedOperation", 400, ENFORCED_MESSAGE);
      }
      if (ctx.extraFields) Object.assign(change, sideEffects(instance, change));
      if (change.httpTokens !== undefined) {
        // Remembered for CloudWatch's MetadataNoTokenRejected: when IMDSv1 calls start failing.
        instance.tokensHistory ??= [{ at: Number.NEGATIVE_INFINITY, httpTokens: instance.httpTokens }];
        instance.tokensHistory.push({ at: ctx.now, httpTokens: change.httpTokens });
      }
      for (const [key, value] of Object.entries(change)) {
        if (value !== undefined) Object.assign(instance, { [key]: value });
      }
      instance.modifiedAt = ctx.now;
      xml.leaf("instanceId", id);
      writeMetadataOptions(xml, "instanceMetadataOptions", instance, "pending");
    };
  },
};
