// DescribeInstances: filters, instance ids, MaxResults/NextToken pages grouped into reservations.

import { BUCKETS } from "../buckets.js";
import {
  ApiError,
  filtersParam,
  invalidParameterCombination,
  listParam,
  type Params,
  type Xml,
} from "../protocol.js";
import { metadataState, type SimInstance } from "../state.js";
import { decodeToken, type Ec2Action, type Ec2Context, encodeToken, maxResultsParam } from "./action.js";
import { instancePredicate } from "./instance-filters.js";
import { writeInstance } from "./instance-xml.js";

export const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function malformedInstanceId(id: string): ApiError {
  return new ApiError("InvalidInstanceID.Malformed", 400, `Invalid id: "${id}"`);
}

export function instancesNotFound(ids: readonly string[]): ApiError {
  const message =
    ids.length === 1
      ? `The instance ID '${ids[0]}' does not exist`
      : `The instance IDs '${ids.join(", ")}' do not exist`;
  return new ApiError("InvalidInstanceID.NotFound", 400, message);
}

function isUnpaginated(params: Params): boolean {
  for (const key of params.keys()) {
    if (key === "MaxResults" || key.startsWith("Filter.") || key.startsWith("InstanceId.")) return false;
  }
  return true;
}

/** Each instance's place in its reservation (amiLaunchIndex), per region, made on first use. */
const launchIndexes = new WeakMap<readonly SimInstance[], Map<SimInstance, number>>();

function launchIndexOf(all: readonly SimInstance[], instance: SimInstance): number {
  let byInstance = launchIndexes.get(all);
  if (!byInstance) {
    byInstance = new Map();
    const counts = new Map<string, number>();
    for (const i of all) {
      const n = counts.get(i.reservationId) ?? 0;
      counts.set(i.reservationId, n + 1);
      byInstance.set(i, n);
    }
    launchIndexes.set(all, byInstance);
  }
  return byInstance.get(instance) ?? 0;
}

/** Consecutive instances of one reservation form one reservation entry. */
function writeReservations(xml: Xml, page: readonly SimInstance[], ctx: Ec2Context): void {
  const appliedAfter = ctx.controls.current.appliedAfterMs;
  xml.open("reservationSet");
  for (let start = 0; start < page.length; ) {
    const first = page[start] as SimInstance;
    let end = start + 1;
    while (end < page.length && (page[end] as SimInstance).reservationId === first.reservationId) end++;
    xml.open("item").leaf("reservationId", first.reservationId).leaf("ownerId", ctx.state.accountId);
    if (ctx.payload === "realistic") xml.empty("groupSet");
    xml.items(
      "instancesSet",
      page.slice(start, end),
      (x, i) =>
        writeInstance(x, i, {
          payload: ctx.payload,
          region: ctx.region.name,
          accountId: ctx.state.accountId,
          metadataState: metadataState(i, ctx.now, appliedAfter),
          launchIndex: ctx.payload === "realistic" ? launchIndexOf(ctx.region.instances, i) : 0,
        }),
      true,
    );
    xml.close("item");
    start = end;
  }
  xml.close("reservationSet");
}

export const describeInstances: Ec2Action = {
  bucket: (params) =>
    isUnpaginated(params)
      ? { key: "DescribeInstances(unpaginated)", size: BUCKETS.describeInstancesUnpaginated }
      : { key: "DescribeInstances", size: BUCKETS.describe },
  prepare(params, ctx) {
    const ids = listParam(params, "InstanceId");
    const maxResults = maxResultsParam(params, 5, 1000);
    if (ids.length > 0 && maxResults !== undefined) {
      throw invalidParameterCombination(
        "The parameter instancesSet cannot be used with the parameter maxResults",
      );
    }
    for (const id of ids) if (!INSTANCE_ID.test(id)) throw malformedInstanceId(id);
    const matches = instancePredicate(filtersParam(params));
    const region = ctx.region;
    const offset = decodeToken(params.get("NextToken"), "DescribeInstances", region.name);
    return (xml) => {
      let candidates: readonly SimInstance[] = region.instances;
      if (ids.length > 0) {
        const found = ids.map((id) => ctx.state.findInstance(region, id));
        const missing = ids.filter((_, n) => found[n] === undefined);
        if (missing.length > 0) throw instancesNotFound(missing);
        const wanted = new Set(found);
        candidates = region.instances.filter((i) => wanted.has(i));
      }
      const limit = maxResults ?? Number.POSITIVE_INFINITY;
      const page: SimInstance[] = [];
      let next: number | undefined;
      for (let n = offset; n < candidates.length; n++) {
        const instance = candidates[n] as SimInstance;
        if (!matches(instance)) continue;
        if (page.length === limit) {
          next = n;
          break;
        }
        page.push(instance);
      }
      writeReservations(xml, page, ctx);
      if (next !== undefined) xml.leaf("nextToken", encodeToken("DescribeInstances", region.name, next));
    };
  },
};
