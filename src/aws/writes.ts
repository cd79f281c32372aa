// Thin adapters over the SDK's write calls. Settings use imds's field names (core/plan.ts).
import {
  type EC2Client,
  type HttpTokensEnforcedState,
  type HttpTokensState,
  type InstanceMetadataEndpointState,
  type InstanceMetadataTagsState,
  ModifyInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataOptionsCommand,
  paginateDescribeInstances,
} from "@aws-sdk/client-ec2";
import type { Settings } from "../core/plan.js";
import type { InstanceRecord } from "../core/types.js";
import { instanceRecord } from "./reads.js";

function str<T extends string>(s: Settings, key: string): T | undefined {
  const v = s[key];
  return v === undefined ? undefined : (String(v) as T);
}

function num(s: Settings, key: string): number | undefined {
  const v = s[key];
  return v === undefined ? undefined : Number(v);
}

export async function modifyDefaults(ec2: EC2Client, s: Settings, dryRun = false): Promise<void> {
  await ec2.send(
    new ModifyInstanceMetadataDefaultsCommand({
      HttpTokens: str<HttpTokensState>(s, "httpTokens"),
      HttpPutResponseHopLimit: num(s, "hopLimit"),
      HttpEndpoint: str<InstanceMetadataEndpointState>(s, "httpEndpoint"),
      InstanceMetadataTags: str<InstanceMetadataTagsState>(s, "instanceMetadataTags"),
      HttpTokensEnforced: str<HttpTokensEnforcedState>(s, "httpTokensEnforced"),
      DryRun: dryRun,
    }),
  );
}

export async function modifyInstance(ec2: EC2Client, id: string, s: Settings, dryRun = false): Promise<void> {
  await ec2.send(
    new ModifyInstanceMetadataOptionsCommand({
      InstanceId: id,
      HttpTokens: str(s, "httpTokens"),
      HttpPutResponseHopLimit: num(s, "hopLimit"),
      HttpEndpoint: str(s, "httpEndpoint"),
      // Rollback restores every field recorded as before, these two included.
      HttpProtocolIpv6: str(s, "httpProtocolIpv6"),
      InstanceMetadataTags: str(s, "instanceMetadataTags"),
      DryRun: dryRun,
    }),
  );
}

/** EC2 takes at most 200 values in one filter (FilterLimitExceeded beyond). */
const FILTER_VALUES_MAX = 200;

/** Reads the given instances back (for verification), 200 ids per call. */
export async function readInstancesById(ec2: EC2Client, ids: readonly string[]): Promise<InstanceRecord[]> {
  const out: InstanceRecord[] = [];
  for (let i = 0; i < ids.length; i += FILTER_VALUES_MAX) {
    const batch = ids.slice(i, i + FILTER_VALUES_MAX);
    const pages = paginateDescribeInstances(
      { client: ec2, pageSize: 1000 },
      { Filters: [{ Name: "instance-id", Values: batch }] },
    );
    for await (const page of pages) {
      for (const r of page.Reservations ?? [])
        for (const inst of r.Instances ?? []) out.push(instanceRecord(inst));
    }
  }
  return out;
}
