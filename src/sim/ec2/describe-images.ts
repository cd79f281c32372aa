// DescribeImages: the account's own AMIs (Owner=self or the account id); no public catalogue.

import { BUCKETS } from "../buckets.js";
import { ApiError, filtersParam, invalidParameterCombination, listParam } from "../protocol.js";
import type { SimImage } from "../state.js";
import { decodeToken, type Ec2Action, encodeToken, fieldFilters, maxResultsParam } from "./action.js";

const IMAGE_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

const FILTERS: Record<string, (i: SimImage) => string | undefined> = {
  "image-id": (i) => i.id,
  name: (i) => i.name,
  state: (i) => i.state,
  "imds-support": (i) => i.imdsSupport,
};

export const describeImages: Ec2Action = {
  bucket: () => ({ key: "DescribeImages", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const owners = listParam(params, "Owner");
    const ids = listParam(params, "ImageId");
    const maxResults = maxResultsParam(params, 5, 1000);
    if (ids.length > 0 && maxResults !== undefined) {
      throw invalidParameterCombination(
        "The parameter imagesSet cannot be used with the parameter maxResults",
      );
    }
    for (const id of ids) {
      if (!IMAGE_ID.test(id)) throw new ApiError("InvalidAMIID.Malformed", 400, `Invalid id: "${id}"`);
    }
    const matches = fieldFilters(filtersParam(params), FILTERS);
    const region = ctx.region;
    const offset = decodeToken(params.get("NextToken"), "DescribeImages", region.name);
    const ownsAll = owners.length === 0 || owners.some((o) => o === "self" || o === ctx.state.accountId);
    return (xml) => {
      const known = new Set(region.images.map((i) => i.id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new ApiError(
          "InvalidAMIID.NotFound",
          400,
          `The image id '[${missing.join(", ")}]' does not exist`,
        );
      }
      const images = ownsAll
        ? region.images.filter(
            (i) => i.state !== "deregistered" && (ids.length === 0 || ids.includes(i.id)) && matches(i),
          )
        : [];
      const end = maxResults === undefined ? images.length : Math.min(images.length, offset + maxResults);
      xml.items("imagesSet", images.slice(offset, end), (x, i) =>
        x
          .leaf("imageId", i.id)
          .leaf("imageLocation", `${ctx.state.accountId}/${i.name}`)
          .leaf("imageState", i.state)
          .leaf("imageOwnerId", ctx.state.accountId)
          .leaf("creationDate", i.creationDate)
          .leaf("isPublic", false)
          .leaf("architecture", "x86_64")
          .leaf("imageType", "machine")
          .leaf("name", i.name)
          .leaf("rootDeviceType", "ebs")
          .leaf("virtualizationType", "hvm")
          .leaf("imdsSupport", i.imdsSupport),
      );
      if (end < images.length) xml.leaf("nextToken", encodeToken("DescribeImages", region.name, end));
    };
  },
};
