// DescribeLaunchTemplates: the region's templates with their tags and default/latest version
// numbers; by id or name (every one must exist), filtered, paginated (MaxResults 1..200).

import { BUCKETS } from "../buckets.js";
import { latestVersion, type SimTemplate } from "../launch-state.js";
import { filtersParam, listParam, type Xml } from "../protocol.js";
import {
  decodeToken,
  type Ec2Action,
  encodeToken,
  fieldFilters,
  invalidFilter,
  maxResultsParam,
  valueMatcher,
} from "./action.js";
import { notFoundById, notFoundByName } from "./template-lookup.js";

const FIELDS: Record<string, (t: SimTemplate) => string | undefined> = {
  "launch-template-name": (t) => t.name,
  "create-time": (t) => new Date(t.createTime).toISOString(),
};

/** Tag filters (`tag:<key>`, `tag-key`) and the plain ones above, AND-ed. */
function templateFilter(filters: ReturnType<typeof filtersParam>): (t: SimTemplate) => boolean {
  const plain = filters.filter((f) => !f.name.startsWith("tag:") && f.name !== "tag-key");
  const byField = fieldFilters(plain, FIELDS);
  const byTag = filters
    .filter((f) => f.name.startsWith("tag:") || f.name === "tag-key")
    .map((f) => {
      if (f.name === "tag:") throw invalidFilter(f.name);
      const match = valueMatcher(f.values);
      return f.name === "tag-key"
        ? (t: SimTemplate) => t.tags.some((tag) => match(tag.key))
        : (t: SimTemplate) => t.tags.some((tag) => tag.key === f.name.slice(4) && match(tag.value));
    });
  return (t) => byField(t) && byTag.every((p) => p(t));
}

export function writeTemplate(x: Xml, t: SimTemplate, accountId: string): void {
  x.leaf("launchTemplateId", t.id)
    .leaf("launchTemplateName", t.name)
    .leaf("createTime", new Date(t.createTime).toISOString())
    .leaf("createdBy", `arn:aws:iam::${accountId}:root`)
    .leaf("defaultVersionNumber", t.defaultVersion)
    .leaf("latestVersionNumber", latestVersion(t));
  if (t.tags.length > 0)
    x.items("tagSet", t.tags, (i, tag) => i.leaf("key", tag.key).leaf("value", tag.value));
}

export const describeLaunchTemplates: Ec2Action = {
  bucket: () => ({ key: "DescribeLaunchTemplates", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const ids = listParam(params, "LaunchTemplateId");
    const names = listParam(params, "LaunchTemplateName");
    const maxResults = maxResultsParam(params, 1, 200);
    const matches = templateFilter(filtersParam(params));
    const region = ctx.region;
    const offset = decodeToken(params.get("NextToken"), "DescribeLaunchTemplates", region.name);
    return (xml) => {
      const missingId = ids.find((id) => !region.templates.some((t) => t.id === id));
      if (missingId !== undefined) throw notFoundById(missingId);
      const missingName = names.find((n) => !region.templates.some((t) => t.name === n));
      if (missingName !== undefined) throw notFoundByName(missingName);
      const templates = region.templates.filter(
        (t) =>
          (ids.length === 0 || ids.includes(t.id)) &&
          (names.length === 0 || names.includes(t.name)) &&
          matches(t),
      );
      const end =
        maxResults === undefined ? templates.length : Math.min(templates.length, offset + maxResults);
      xml.items("launchTemplates", templates.slice(offset, end), (x, t) =>
        writeTemplate(x, t, ctx.state.accountId),
      );
      if (end < templates.length)
        xml.leaf("nextToken", encodeToken("DescribeLaunchTemplates", region.name, end));
    };
  },
};
