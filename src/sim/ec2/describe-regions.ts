// DescribeRegions: the regions enabled for the account, or every region with AllRegions.

import { BUCKETS } from "../buckets.js";
import { boolParam, filtersParam, invalidParameterValue, listParam } from "../protocol.js";
import { isKnownRegion, regionEndpoint } from "../regions.js";
import { isEnabled, type RegionState } from "../state.js";
import { type Ec2Action, fieldFilters } from "./action.js";

const FILTERS: Record<string, (r: RegionState) => string> = {
  "region-name": (r) => r.name,
  "opt-in-status": (r) => r.optInStatus,
  endpoint: (r) => regionEndpoint(r.name),
};

export const describeRegions: Ec2Action = {
  bucket: () => ({ key: "DescribeRegions", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const all = boolParam(params, "AllRegions") ?? false;
    const names = listParam(params, "RegionName");
    for (const name of names)
      if (!isKnownRegion(name)) throw invalidParameterValue(`Invalid region: ${name}`);
    const matches = fieldFilters(filtersParam(params), FILTERS);
    return (xml) => {
      const regions = [...ctx.state.regions.values()]
        .filter((r) => all || isEnabled(r))
        .filter((r) => names.length === 0 || names.includes(r.name))
        .filter(matches)
        .sort((a, b) => a.name.localeCompare(b.name));
      xml.items("regionInfo", regions, (x, r) =>
        x
          .leaf("regionName", r.name)
          .leaf("regionEndpoint", regionEndpoint(r.name))
          .leaf("optInStatus", r.optInStatus),
      );
    };
  },
};
