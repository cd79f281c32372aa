// DescribeLaunchTemplateVersions: one template's versions (all, the ones named, or those between
// MinVersion and MaxVersion), or with `$Default`/`$Latest` and no template named, the default and
// latest versions of every template in the region.

import { BUCKETS } from "../buckets.js";
import type { SimTemplate, SimTemplateVersion } from "../launch-state.js";
import { intParam, invalidParameterValue, listParam, missingParameter, type Xml } from "../protocol.js";
import { decodeToken, type Ec2Action, type Ec2Context, encodeToken, maxResultsParam } from "./action.js";
import { writeTemplateDataHead, writeTemplateDataTail } from "./realistic-template.js";
import { writeTemplateData } from "./template-data.js";
import { findTemplate, findVersion, templateNameParam } from "./template-lookup.js";

interface Entry {
  template: SimTemplate;
  version: SimTemplateVersion;
}

function resolveVersions(
  template: SimTemplate,
  wanted: readonly string[],
  range: { min?: number | undefined; max?: number | undefined },
): SimTemplateVersion[] {
  if (wanted.length === 0) {
    return template.versions.filter(
      (v) =>
        (range.min === undefined || v.versionNumber >= range.min) &&
        (range.max === undefined || v.versionNumber <= range.max),
    );
  }
  const found = new Map<number, SimTemplateVersion>();
  for (const w of wanted) {
    const v = findVersion(template, w);
    found.set(v.versionNumber, v);
  }
  return [...found.values()].sort((a, b) => a.versionNumber - b.versionNumber);
}

/**
 * One `LaunchTemplateVersion` as EC2 writes it (also CreateLaunchTemplateVersion's answer). With
 * realistic replies, a typical version (one that sets only an image, a type and metadata options,
 * or one made from such a version) is padded with typical launch data where it sets none
 * (realistic-template.ts), the same for every version of a template.
 */
export function writeVersion(x: Xml, { template, version }: Entry, ctx: Ec2Context): void {
  const { accountId } = ctx.state;
  const realistic = ctx.payload === "realistic";
  const pad = realistic && version.typical;
  x.leaf("launchTemplateId", template.id)
    .leaf("launchTemplateName", template.name)
    .leaf("versionNumber", version.versionNumber)
    // Its own description only: imds reads it (a version imds made says so), so both payloads agree.
    .leaf("versionDescription", version.description)
    .leaf("createTime", new Date(version.createTime).toISOString())
    .leaf("createdBy", `arn:aws:iam::${accountId}:root`)
    .leaf("defaultVersion", version.versionNumber === template.defaultVersion);
  writeTemplateData(
    x,
    version.data,
    pad
      ? {
          head: () => writeTemplateDataHead(x, version.data, ctx.region.name, accountId),
          tail: () => writeTemplateDataTail(x, version.data, template, ctx.region.name, accountId),
        }
      : undefined,
  );
  if (realistic) x.open("operator").leaf("managed", false).close("operator");
}

function requestOf(params: Parameters<Ec2Action["prepare"]>[0]) {
  const named = params.has("LaunchTemplateId") || params.has("LaunchTemplateName");
  const versions = listParam(params, "LaunchTemplateVersion");
  const range = { min: intParam(params, "MinVersion"), max: intParam(params, "MaxVersion") };
  if (!named) {
    if (versions.length === 0) throw missingParameter("LaunchTemplateId or LaunchTemplateName");
    if (versions.some((v) => v !== "$Latest" && v !== "$Default")) {
      throw invalidParameterValue(
        "Without a launch template ID or name, the only valid versions are $Latest and $Default.",
      );
    }
  }
  return { which: named ? templateNameParam(params) : undefined, versions, range };
}

export const describeLaunchTemplateVersions: Ec2Action = {
  bucket: () => ({ key: "DescribeLaunchTemplateVersions", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const { which, versions, range } = requestOf(params);
    const maxResults = maxResultsParam(params, 1, 200);
    const region = ctx.region;
    const offset = decodeToken(params.get("NextToken"), "DescribeLaunchTemplateVersions", region.name);
    return (xml) => {
      const templates = which ? [findTemplate(region, which)] : region.templates;
      const entries: Entry[] = templates.flatMap((template) =>
        resolveVersions(template, versions, range).map((version) => ({ template, version })),
      );
      const end = maxResults === undefined ? entries.length : Math.min(entries.length, offset + maxResults);
      xml.items("launchTemplateVersionSet", entries.slice(offset, end), (x, e) => writeVersion(x, e, ctx));
      if (end < entries.length) {
        xml.leaf("nextToken", encodeToken("DescribeLaunchTemplateVersions", region.name, end));
      }
    };
  },
};
