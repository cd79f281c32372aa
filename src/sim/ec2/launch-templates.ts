// DescribeLaunchTemplateVersions: one template's versions, or with `$Default`/`$Latest` and no
// template named, the default and latest versions of every template in the region.

import { BUCKETS } from "../buckets.js";
import {
  ApiError,
  invalidParameterCombination,
  invalidParameterValue,
  listParam,
  missingParameter,
  type Xml,
} from "../protocol.js";
import type { SimTemplate, SimTemplateVersion } from "../state.js";
import { decodeToken, type Ec2Action, type Ec2Context, encodeToken, maxResultsParam } from "./action.js";
import { writeMetadataOptions } from "./instance-xml.js";
import { writeTemplateDataHead, writeTemplateDataTail } from "./realistic-template.js";

interface Entry {
  template: SimTemplate;
  version: SimTemplateVersion;
}

function resolveVersions(template: SimTemplate, wanted: readonly string[]): SimTemplateVersion[] {
  if (wanted.length === 0) return [...template.versions];
  const latest = template.versions.length;
  const numbers = new Set<number>();
  for (const w of wanted) {
    const n = w === "$Latest" ? latest : w === "$Default" ? template.defaultVersion : Number(w);
    const version = template.versions[n - 1];
    if (!version) {
      throw new ApiError(
        "InvalidLaunchTemplateId.VersionNotFound",
        400,
        `Could not find launch template version ${w} for launch template ${template.id}.`,
      );
    }
    numbers.add(n);
  }
  return [...numbers].sort((a, b) => a - b).map((n) => template.versions[n - 1] as SimTemplateVersion);
}

function writeEntry(x: Xml, { template, version }: Entry, ctx: Ec2Context): void {
  const { accountId } = ctx.state;
  const realistic = ctx.payload === "realistic";
  x.leaf("launchTemplateId", template.id)
    .leaf("launchTemplateName", template.name)
    .leaf("versionNumber", version.versionNumber)
    .leaf("versionDescription", realistic ? `release ${version.versionNumber}` : undefined)
    .leaf("createTime", new Date(version.createTime).toISOString())
    .leaf("createdBy", `arn:aws:iam::${accountId}:root`)
    .leaf("defaultVersion", version.versionNumber === template.defaultVersion)
    .open("launchTemplateData");
  if (realistic) writeTemplateDataHead(x, ctx.region.name, accountId);
  x.leaf("imageId", version.imageId).leaf("instanceType", version.instanceType);
  if (realistic) writeTemplateDataTail(x, template, ctx.region.name, accountId);
  if (version.metadataOptions) writeMetadataOptions(x, "metadataOptions", version.metadataOptions);
  x.close("launchTemplateData");
  if (realistic) x.open("operator").leaf("managed", false).close("operator");
}

export const describeLaunchTemplateVersions: Ec2Action = {
  bucket: () => ({ key: "DescribeLaunchTemplateVersions", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const id = params.get("LaunchTemplateId");
    const name = params.get("LaunchTemplateName");
    const versions = listParam(params, "LaunchTemplateVersion");
    const maxResults = maxResultsParam(params, 1, 200);
    if (id !== undefined && name !== undefined) {
      throw invalidParameterCombination(
        "Specify either a launch template ID or a launch template name, not both.",
      );
    }
    if (id === undefined && name === undefined) {
      if (versions.length === 0) throw missingParameter("LaunchTemplateId or LaunchTemplateName");
      if (versions.some((v) => v !== "$Latest" && v !== "$Default")) {
        throw invalidParameterValue(
          "Without a launch template ID or name, the only valid versions are $Latest and $Default.",
        );
      }
    }
    const region = ctx.region;
    const offset = decodeToken(params.get("NextToken"), "DescribeLaunchTemplateVersions", region.name);
    return (xml) => {
      let templates = region.templates;
      if (id !== undefined) {
        templates = templates.filter((t) => t.id === id);
        if (templates.length === 0) {
          throw new ApiError(
            "InvalidLaunchTemplateId.NotFound",
            400,
            `The specified launch template, with template ID ${id}, does not exist.`,
          );
        }
      } else if (name !== undefined) {
        templates = templates.filter((t) => t.name === name);
        if (templates.length === 0) {
          throw new ApiError(
            "InvalidLaunchTemplateName.NotFoundException",
            400,
            `The specified launch template, with template name ${name}, does not exist.`,
          );
        }
      }
      const entries: Entry[] = templates.flatMap((template) =>
        resolveVersions(template, versions).map((version) => ({ template, version })),
      );
      const end = maxResults === undefined ? entries.length : Math.min(entries.length, offset + maxResults);
      xml.items("launchTemplateVersionSet", entries.slice(offset, end), (x, e) => writeEntry(x, e, ctx));
      if (end < entries.length) {
        xml.leaf("nextToken", encodeToken("DescribeLaunchTemplateVersions", region.name, end));
      }
    };
  },
};
