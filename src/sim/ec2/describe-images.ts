// DescribeImages: the account's own AMIs (Owner=self or the account id), other owners' public AMIs
// (Amazon's, say), and any AMI the caller can see by ImageId. An id the caller cannot see (another
// account's private AMI, a deregistered one, one that never existed) fails the whole call with
// InvalidAMIID.NotFound, as AWS does.

import { BUCKETS } from "../buckets.js";
import { ApiError, filtersParam, invalidParameterCombination, listParam } from "../protocol.js";
import type { SimImage } from "../state.js";
import { decodeToken, type Ec2Action, encodeToken, fieldFilters, maxResultsParam } from "./action.js";

const IMAGE_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** The account that owns Amazon's own public AMIs (Amazon Linux), shown with the alias "amazon". */
const AMAZON_OWNER = "137112412989";

const FILTERS: Record<string, (i: SimImage) => string | undefined> = {
  "image-id": (i) => i.id,
  name: (i) => i.name,
  state: (i) => i.state,
  "imds-support": (i) => i.imdsSupport,
  "is-public": (i) => String(i.public === true),
};

/** Which owners a request asked for (`Owner.N`): self, an account id, or the alias amazon. */
function ownerMatcher(owners: readonly string[], account: string): (i: SimImage) => boolean {
  if (owners.length === 0) return () => true;
  return (i) => {
    const owner = i.ownerId ?? account;
    return owners.some(
      (o) => (o === "self" && owner === account) || o === owner || (o === "amazon" && owner === AMAZON_OWNER),
    );
  };
}

export const describeImages: Ec2Action = {
  bucket: () => ({ key: "DescribeImages", size: BUCKETS.describe }),
  prepare(params, ctx) {
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
    const account = ctx.state.accountId;
    const owned = ownerMatcher(listParam(params, "Owner"), account);
    const matches = fieldFilters(filtersParam(params), FILTERS);
    const region = ctx.region;
    const offset = decodeToken(params.get("NextToken"), "DescribeImages", region.name);
    return (xml) => {
      const visible = region.images.filter(
        (i) => i.state !== "deregistered" && (i.public === true || (i.ownerId ?? account) === account),
      );
      const known = new Set(visible.map((i) => i.id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new ApiError(
          "InvalidAMIID.NotFound",
          400,
          `The image id '[${missing.join(", ")}]' does not exist`,
        );
      }
      const images = visible.filter(
        (i) => (ids.length === 0 || ids.includes(i.id)) && owned(i) && matches(i),
      );
      const end = maxResults === undefined ? images.length : Math.min(images.length, offset + maxResults);
      xml.items("imagesSet", images.slice(offset, end), (x, i) => {
        const owner = i.ownerId ?? account;
        x.leaf("imageId", i.id)
          .leaf("imageLocation", `${owner === AMAZON_OWNER ? "amazon" : owner}/${i.name}`)
          .leaf("imageState", i.state)
          .leaf("imageOwnerId", owner)
          .leaf("creationDate", i.creationDate)
          .leaf("isPublic", i.public === true)
          .leaf("architecture", "x86_64")
          .leaf("imageType", "machine")
          .leaf("imageOwnerAlias", owner === AMAZON_OWNER ? "amazon" : undefined)
          .leaf("name", i.name)
          .leaf("rootDeviceType", "ebs")
          .leaf("virtualizationType", "hvm")
          .leaf("imdsSupport", i.imdsSupport);
      });
      if (end < images.length) xml.leaf("nextToken", encodeToken("DescribeImages", region.name, end));
    };
  },
};
