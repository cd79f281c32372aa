// An instance as DescribeInstances really returns it: every element of the EC2 API reference's
// example and botocore's Instance shape that a typical VPC instance carries (network interface
// with its private IPs and groups, block devices, security groups, IAM profile, CPU, hostname,
// maintenance and boot options ...), in AWS's element order. imds reads six of them.

import type { Xml } from "../protocol.js";
import type { SimInstance } from "../state.js";
import {
  dnsHost,
  factsOf,
  type InstanceFacts,
  instanceFacts,
  type RegionFacts,
  rotate,
} from "./realistic-facts.js";

export interface InstanceContext {
  region: string;
  accountId: string;
  /** Index of the instance in its reservation. */
  launchIndex: number;
  stateCode: number;
  writeMetadata: (x: Xml) => void;
}

const CORES: Record<string, number> = { nano: 1, micro: 1, small: 1, medium: 1, large: 1, xlarge: 2 };

function cores(instanceType: string): number {
  const size = instanceType.slice(instanceType.indexOf(".") + 1);
  const n = Number.parseInt(size, 10);
  return CORES[size] ?? (Number.isFinite(n) ? n * 2 : 4);
}

const text = (x: Xml, tag: string, value: string | undefined) => (value ? x.leaf(tag, value) : x.empty(tag));

function groupSet(x: Xml, r: RegionFacts, f: InstanceFacts): void {
  x.items("groupSet", f.odd ? r.groups : r.groups.slice(0, 1), (g, group) =>
    g.leaf("groupId", group.id).leaf("groupName", group.name),
  );
}

function association(x: Xml, r: RegionFacts, publicIp: string): void {
  x.open("association")
    .leaf("publicIp", publicIp)
    .leaf("publicDnsName", `${dnsHost("ec2", publicIp)}.${r.publicDns}`)
    .leaf("ipOwnerId", "amazon")
    .close("association");
}

function networkInterface(
  x: Xml,
  i: SimInstance,
  c: InstanceContext,
  f: InstanceFacts,
  launched: string,
): void {
  const r = factsOf(c.region, c.accountId);
  const privateDns = `${dnsHost("ip", f.privateIp)}.${r.internalDns}`;
  x.open("networkInterfaceSet").open("item");
  x.leaf("networkInterfaceId", `eni-${rotate(f.hex, 3)}`)
    .leaf("subnetId", r.subnet(i.availabilityZone))
    .leaf("vpcId", r.vpcId)
    .empty("description")
    .leaf("ownerId", c.accountId)
    .leaf("status", "in-use")
    .leaf("macAddress", f.macAddress)
    .leaf("privateIpAddress", f.privateIp)
    .leaf("privateDnsName", privateDns)
    .leaf("sourceDestCheck", true);
  groupSet(x, r, f);
  x.open("attachment")
    .leaf("attachmentId", `eni-attach-${rotate(f.hex, 5)}`)
    .leaf("deviceIndex", 0)
    .leaf("status", "attached")
    .leaf("attachTime", launched)
    .leaf("deleteOnTermination", true)
    .leaf("networkCardIndex", 0)
    .close("attachment");
  if (f.publicIp) association(x, r, f.publicIp);
  x.open("privateIpAddressesSet").open("item");
  x.leaf("privateIpAddress", f.privateIp).leaf("privateDnsName", privateDns).leaf("primary", true);
  if (f.publicIp) association(x, r, f.publicIp);
  x.close("item").close("privateIpAddressesSet");
  x.empty("ipv6AddressesSet").leaf("interfaceType", "interface");
  x.open("operator").leaf("managed", false).close("operator");
  x.close("item").close("networkInterfaceSet");
}

function blockDevices(x: Xml, f: InstanceFacts, launched: string): void {
  const volumes = f.odd
    ? [
        { device: "/dev/xvda", id: rotate(f.hex, 7), keep: false },
        { device: "/dev/sdf", id: rotate(f.hex, 11), keep: true },
      ]
    : [{ device: "/dev/xvda", id: rotate(f.hex, 7), keep: false }];
  x.items("blockDeviceMapping", volumes, (b, v) =>
    b
      .leaf("deviceName", v.device)
      .open("ebs")
      .leaf("volumeId", `vol-${v.id}`)
      .leaf("status", "attached")
      .leaf("attachTime", launched)
      .leaf("deleteOnTermination", !v.keep)
      .close("ebs"),
  );
}

/** What the parts of one instance's record are written from. */
interface Facts {
  i: SimInstance;
  c: InstanceContext;
  r: RegionFacts;
  f: InstanceFacts;
  /** Launch time, ISO 8601. */
  launched: string;
}

/** Everything before the network: identity, state, addresses, placement. */
function head(x: Xml, { i, c, r, f, launched }: Facts) {
  const stopped = i.state === "stopped" || i.state === "stopping";
  x.leaf("instanceId", i.id)
    .leaf("imageId", i.imageId)
    .open("instanceState")
    .leaf("code", c.stateCode)
    .leaf("name", i.state)
    .close("instanceState")
    .leaf("privateDnsName", `${dnsHost("ip", f.privateIp)}.${r.internalDns}`);
  // AWS writes these two as empty elements when there is nothing to say.
  text(x, "dnsName", f.publicIp && `${dnsHost("ec2", f.publicIp)}.${r.publicDns}`);
  text(x, "reason", stopped ? `User initiated (${launched.slice(0, 10)} 18:00:00 GMT)` : undefined);
  x.leaf("keyName", "ops-2024")
    .leaf("amiLaunchIndex", c.launchIndex)
    .empty("productCodes")
    .leaf("instanceType", i.instanceType)
    .leaf("launchTime", launched)
    .open("placement")
    .leaf("availabilityZone", i.availabilityZone)
    .empty("groupName")
    .leaf("tenancy", "default")
    .close("placement")
    .open("monitoring")
    .leaf("state", "disabled")
    .close("monitoring")
    .leaf("subnetId", r.subnet(i.availabilityZone))
    .leaf("vpcId", r.vpcId)
    .leaf("privateIpAddress", f.privateIp)
    .leaf("ipAddress", f.publicIp)
    .leaf("sourceDestCheck", true);
  groupSet(x, r, f);
  if (stopped) {
    x.open("stateReason")
      .leaf("code", "Client.UserInitiatedShutdown")
      .leaf("message", "Client.UserInitiatedShutdown: User initiated shutdown")
      .close("stateReason");
  }
  x.leaf("architecture", f.arm ? "arm64" : "x86_64")
    .leaf("rootDeviceType", "ebs")
    .leaf("rootDeviceName", "/dev/xvda");
}

/** Everything after the network: profile, CPU, options, boot and billing details. */
function tail(x: Xml, { i, c, r, f, launched }: Facts) {
  const threads = f.arm ? 1 : 2;
  x.open("iamInstanceProfile")
    .leaf("arn", r.profileArn)
    .leaf("id", r.profileId)
    .close("iamInstanceProfile")
    .leaf("ebsOptimized", true)
    .leaf("enaSupport", true)
    .open("cpuOptions")
    .leaf("coreCount", Math.max(1, Math.floor(cores(i.instanceType) / threads)))
    .leaf("threadsPerCore", threads)
    .close("cpuOptions")
    .open("capacityReservationSpecification")
    .leaf("capacityReservationPreference", "open")
    .close("capacityReservationSpecification")
    .open("hibernationOptions")
    .leaf("configured", false)
    .close("hibernationOptions");
  c.writeMetadata(x);
  x.open("enclaveOptions")
    .leaf("enabled", false)
    .close("enclaveOptions")
    .leaf("bootMode", f.arm ? "uefi" : "uefi-preferred")
    .leaf("platformDetails", "Linux/UNIX")
    .leaf("usageOperation", "RunInstances")
    .leaf("usageOperationUpdateTime", launched)
    .open("privateDnsNameOptions")
    .leaf("hostnameType", "ip-name")
    .leaf("enableResourceNameDnsARecord", false)
    .leaf("enableResourceNameDnsAAAARecord", false)
    .close("privateDnsNameOptions")
    .open("maintenanceOptions")
    .leaf("autoRecovery", "default")
    .leaf("rebootMigration", "default")
    .close("maintenanceOptions")
    .leaf("currentInstanceBootMode", f.arm ? "uefi" : "legacy-bios")
    .open("networkPerformanceOptions")
    .leaf("bandwidthWeighting", "default")
    .close("networkPerformanceOptions")
    .open("operator")
    .leaf("managed", false)
    .close("operator");
}

export function writeRealisticInstance(x: Xml, i: SimInstance, c: InstanceContext): void {
  const facts: Facts = {
    i,
    c,
    r: factsOf(c.region, c.accountId),
    f: instanceFacts(i),
    launched: new Date(i.launchTime).toISOString(),
  };
  head(x, facts);
  blockDevices(x, facts.f, facts.launched);
  x.leaf("virtualizationType", "hvm").leaf("clientToken", `${rotate(facts.f.hex, 2)}-launch`);
  if (i.tags.length > 0)
    x.items("tagSet", i.tags, (t, tag) => t.leaf("key", tag.key).leaf("value", tag.value));
  x.leaf("hypervisor", "xen");
  networkInterface(x, i, c, facts.f, facts.launched);
  tail(x, facts);
}
