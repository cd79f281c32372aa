// ModifyInstanceMetadataOptions: changes only the fields given; the change reads `pending`
// until `appliedAfterMs` has passed since it was made (computed on read, no timers).

import { BUCKETS } from "../buckets.js";
import { ApiError, enumParam, intParam, invalidParameterValue, missingParameter } from "../protocol.js";
import { HTTP_TOKENS, TOGGLES } from "../scenario/types.js";
import type { MetadataOptions } from "../state.js";
import type { Ec2Action } from "./action.js";
import { INSTANCE_ID, instancesNotFound, malformedInstanceId } from "./describe-instances.js";
import { writeMetadataOptions } from "./instance-xml.js";

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
