// Get/ModifyInstanceMetadataDefaults: the per-region account defaults. Unset fields are absent.

import { BUCKETS } from "../buckets.js";
import { ApiError, enumParam, intParam, invalidParameterValue } from "../protocol.js";
import type { AccountDefaults } from "../state.js";
import type { Ec2Action } from "./action.js";

const TOKENS = ["optional", "required", "no-preference"] as const;
const TOGGLES = ["enabled", "disabled", "no-preference"] as const;

export const getInstanceMetadataDefaults: Ec2Action = {
  bucket: () => ({ key: "GetInstanceMetadataDefaults", size: BUCKETS.describe }),
  prepare(_params, ctx) {
    return (xml) => {
      const d = ctx.region.defaults;
      const lock = ctx.region.lock;
      xml
        .open("accountLevel")
        .leaf("httpTokens", d.httpTokens)
        .leaf("httpPutResponseHopLimit", d.httpPutResponseHopLimit)
        .leaf("httpEndpoint", d.httpEndpoint)
        .leaf("instanceMetadataTags", d.instanceMetadataTags)
        .leaf("httpTokensEnforced", d.httpTokensEnforced);
      if (lock) xml.leaf("managedBy", "declarative-policy").leaf("managedExceptionMessage", lock.message);
      xml.close("accountLevel");
    };
  },
};

export const modifyInstanceMetadataDefaults: Ec2Action = {
  bucket: () => ({ key: "ModifyInstanceMetadataDefaults", size: BUCKETS.modifyInstanceMetadataDefaults }),
  prepare(params, ctx) {
    const hopLimit = intParam(params, "HttpPutResponseHopLimit");
    if (hopLimit !== undefined && hopLimit !== -1 && (hopLimit < 1 || hopLimit > 64)) {
      throw invalidParameterValue(
        `Value (${hopLimit}) for parameter HttpPutResponseHopLimit is invalid. Valid values: 1 to 64, or -1 for no preference.`,
      );
    }
    const change = {
      httpTokens: enumParam(params, "HttpTokens", TOKENS),
      httpPutResponseHopLimit: hopLimit === -1 ? "no-preference" : hopLimit,
      httpEndpoint: enumParam(params, "HttpEndpoint", TOGGLES),
      instanceMetadataTags: enumParam(params, "InstanceMetadataTags", TOGGLES),
      httpTokensEnforced: enumParam(params, "HttpTokensEnforced", TOGGLES),
    };
    return (xml) => {
      const lock = ctx.region.lock;
      if (lock) {
        // Guess: AWS's exact code for a write blocked by a declarative policy is not documented.
        throw new ApiError(
          "OperationNotPermitted",
          400,
          `The instance metadata defaults for this account and Region are managed by a declarative policy and cannot be modified.${lock.message ? ` ${lock.message}` : ""}`,
        );
      }
      const next: Record<string, unknown> = { ...ctx.region.defaults };
      for (const [key, value] of Object.entries(change)) {
        if (value === "no-preference") delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      ctx.region.defaults = next as AccountDefaults;
      xml.leaf("return", true);
    };
  },
};
