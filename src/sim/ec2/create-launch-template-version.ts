// CreateLaunchTemplateVersion: a new version, numbered after every version the template ever had,
// from the given LaunchTemplateData alone or inherited from SourceVersion (template-data.ts says
// how). A repeated ClientToken returns the version its first request created (idempotency).

import { BUCKETS } from "../buckets.js";
import { setsLaunchData } from "../launch-state.js";
import { ApiError, invalidParameterValue, missingParameter } from "../protocol.js";
import type { Ec2Action } from "./action.js";
import { writeVersion } from "./launch-templates.js";
import { inheritFrom, templateDataParam } from "./template-data.js";
import { findTemplate, findVersion, templateNameParam } from "./template-lookup.js";

/** AWS's quota of versions per launch template. */
const MAX_VERSIONS = 10_000;

export const createLaunchTemplateVersion: Ec2Action = {
  bucket: () => ({ key: "CreateLaunchTemplateVersion", size: BUCKETS.mutating }),
  prepare(params, ctx) {
    const which = templateNameParam(params);
    const given = templateDataParam(params);
    if (![...params.keys()].some((k) => k.startsWith("LaunchTemplateData."))) {
      throw missingParameter("LaunchTemplateData");
    }
    const source = params.get("SourceVersion");
    const description = params.get("VersionDescription");
    if (description !== undefined && description.length > 255) {
      throw invalidParameterValue("VersionDescription is longer than 255 characters.");
    }
    const token = params.get("ClientToken");
    return (xml) => {
      const template = findTemplate(ctx.region, which);
      const repeated = token === undefined ? undefined : template.clientTokens.get(token);
      let version = template.versions.find((v) => v.versionNumber === repeated);
      if (!version) {
        const from = source === undefined ? undefined : findVersion(template, source);
        const data = from ? inheritFrom(from.data, given) : given;
        if (template.versions.length >= MAX_VERSIONS) {
          throw new ApiError(
            "LaunchTemplateVersionLimitExceeded",
            400,
            `The launch template ${template.id} already has ${MAX_VERSIONS} versions.`,
          );
        }
        version = {
          versionNumber: template.nextVersion++,
          createTime: ctx.now,
          ...(description === undefined ? {} : { description }),
          data,
          typical: from ? from.typical : !setsLaunchData(given),
        };
        template.versions.push(version);
        if (token !== undefined) template.clientTokens.set(token, version.versionNumber);
      }
      xml.open("launchTemplateVersion");
      writeVersion(xml, { template, version }, ctx);
      xml.close("launchTemplateVersion");
    };
  },
};
