// How an instance and its metadata options are written in EC2's XML: the minimal record (the
// fields imds reads, plus a few) or the realistic one (realistic-instance.ts).

import type { Xml } from "../protocol.js";
import type { MetadataOptions, SimInstance } from "../state.js";
import type { Payload } from "./action.js";
import { writeRealisticInstance } from "./realistic-instance.js";

const STATE_CODES: Record<SimInstance["state"], number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** Metadata options as EC2 writes them; a launch template's are partial and carry no state. */
export function writeMetadataOptions(x: Xml, tag: string, o: Partial<MetadataOptions>, state?: string): void {
  x.open(tag)
    .leaf("state", state)
    .leaf("httpTokens", o.httpTokens)
    .leaf("httpPutResponseHopLimit", o.httpPutResponseHopLimit)
    .leaf("httpEndpoint", o.httpEndpoint)
    .leaf("httpProtocolIpv6", o.httpProtocolIpv6)
    .leaf("instanceMetadataTags", o.instanceMetadataTags)
    .close(tag);
}

function writeMinimalInstance(x: Xml, i: SimInstance, metadataState: string): void {
  x.leaf("instanceId", i.id)
    .leaf("imageId", i.imageId)
    .open("instanceState")
    .leaf("code", STATE_CODES[i.state])
    .leaf("name", i.state)
    .close("instanceState")
    .leaf("instanceType", i.instanceType)
    .leaf("launchTime", new Date(i.launchTime).toISOString())
    .open("placement")
    .leaf("availabilityZone", i.availabilityZone)
    .leaf("tenancy", "default")
    .close("placement")
    .leaf("architecture", "x86_64")
    .leaf("rootDeviceType", "ebs")
    .leaf("virtualizationType", "hvm");
  if (i.tags.length > 0)
    x.items("tagSet", i.tags, (t, tag) => t.leaf("key", tag.key).leaf("value", tag.value));
  writeMetadataOptions(x, "metadataOptions", i, metadataState);
}

export interface InstanceWriteContext {
  payload: Payload;
  region: string;
  accountId: string;
  metadataState: string;
  /** Index of the instance in its reservation. */
  launchIndex: number;
}

export function writeInstance(x: Xml, i: SimInstance, c: InstanceWriteContext): void {
  if (c.payload === "minimal") writeMinimalInstance(x, i, c.metadataState);
  else
    writeRealisticInstance(x, i, {
      ...c,
      stateCode: STATE_CODES[i.state],
      writeMetadata: (m) => writeMetadataOptions(m, "metadataOptions", i, c.metadataState),
    });
}
