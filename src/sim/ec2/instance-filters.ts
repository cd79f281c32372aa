// DescribeInstances filters: values OR-ed within a filter, filters AND-ed together.

import type { Filter } from "../protocol.js";
import type { SimInstance } from "../state.js";
import { invalidFilter, valueMatcher } from "./action.js";

type Read = (i: SimInstance) => string | undefined;

const FIELDS: Record<string, Read> = {
  "instance-id": (i) => i.id,
  "instance-state-name": (i) => i.state,
  "instance-type": (i) => i.instanceType,
  "image-id": (i) => i.imageId,
  "availability-zone": (i) => i.availabilityZone,
  "reservation-id": (i) => i.reservationId,
  "metadata-options.http-tokens": (i) => i.httpTokens,
  "metadata-options.http-endpoint": (i) => i.httpEndpoint,
  "metadata-options.http-put-response-hop-limit": (i) => String(i.httpPutResponseHopLimit),
  "metadata-options.http-protocol-ipv6": (i) => i.httpProtocolIpv6,
  "metadata-options.instance-metadata-tags": (i) => i.instanceMetadataTags,
};

export type InstancePredicate = (i: SimInstance) => boolean;

function compile(filter: Filter): InstancePredicate {
  const match = valueMatcher(filter.values);
  if (filter.name.startsWith("tag:")) {
    const key = filter.name.slice(4);
    return (i) => i.tags.some((t) => t.key === key && match(t.value));
  }
  if (filter.name === "tag-key") return (i) => i.tags.some((t) => match(t.key));
  if (filter.name === "tag-value") return (i) => i.tags.some((t) => match(t.value));
  const read = FIELDS[filter.name];
  if (!read) throw invalidFilter(filter.name);
  return (i) => match(read(i));
}

export function instancePredicate(filters: readonly Filter[]): InstancePredicate {
  const predicates = filters.map(compile);
  return (i) => predicates.every((p) => p(i));
}
