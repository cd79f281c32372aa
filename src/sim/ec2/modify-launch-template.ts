// ModifyLaunchTemplate (`SetDefaultVersion`: which version launches when none is named) and
// DeleteLaunchTemplateVersions (never the default; each version answered on its own).

import { BUCKETS } from "../buckets.js";
import { listParam, missingParameter } from "../protocol.js";
import type { Ec2Action } from "./action.js";
import { writeTemplate } from "./describe-launch-templates.js";
import { findTemplate, findVersion, templateNameParam } from "./template-lookup.js";

export const modifyLaunchTemplate: Ec2Action = {
  bucket: () => ({ key: "ModifyLaunchTemplate", size: BUCKETS.mutating }),
  prepare(params, ctx) {
    const which = templateNameParam(params);
    const version = params.get("SetDefaultVersion");
    return (xml) => {
      const template = findTemplate(ctx.region, which);
      if (version !== undefined) template.defaultVersion = findVersion(template, version).versionNumber;
      xml.open("launchTemplate");
      writeTemplate(xml, template, ctx.state.accountId);
      xml.close("launchTemplate");
    };
  },
};

/** AWS's LaunchTemplateErrorCode values; the enum has none for the default version (a guess: unexpectedError). */
const NOT_FOUND = "launchTemplateVersionDoesNotExist";
const IS_DEFAULT = "unexpectedError";

export const deleteLaunchTemplateVersions: Ec2Action = {
  bucket: () => ({ key: "DeleteLaunchTemplateVersions", size: BUCKETS.mutating }),
  prepare(params, ctx) {
    const which = templateNameParam(params);
    const versions = listParam(params, "LaunchTemplateVersion");
    if (versions.length === 0) throw missingParameter("LaunchTemplateVersion");
    return (xml) => {
      const template = findTemplate(ctx.region, which);
      const deleted: number[] = [];
      const refused: { version: string; code: string; message: string }[] = [];
      for (const v of versions) {
        const n = Number(v);
        const found = /^\d+$/.test(v) ? template.versions.find((x) => x.versionNumber === n) : undefined;
        if (!found) refused.push({ version: v, code: NOT_FOUND, message: `Version ${v} does not exist.` });
        else if (n === template.defaultVersion) {
          refused.push({
            version: v,
            code: IS_DEFAULT,
            message:
              "You can't delete the default version of a launch template; set another version as the default first.",
          });
        } else {
          template.versions.splice(template.versions.indexOf(found), 1);
          deleted.push(n);
        }
      }
      const base = (x: typeof xml) =>
        x.leaf("launchTemplateId", template.id).leaf("launchTemplateName", template.name);
      xml.items("successfullyDeletedLaunchTemplateVersionSet", deleted, (x, n) =>
        base(x).leaf("versionNumber", n),
      );
      xml.items("unsuccessfullyDeletedLaunchTemplateVersionSet", refused, (x, r) =>
        base(x)
          .leaf("versionNumber", /^\d+$/.test(r.version) ? r.version : undefined)
          .open("responseError")
          .leaf("code", r.code)
          .leaf("message", r.message)
          .close("responseError"),
      );
    };
  },
};
