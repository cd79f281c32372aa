// LaunchTemplateData in EC2's wire format: read from a request's `LaunchTemplateData.*` parameters,
// written as `<launchTemplateData>`, and inherited from a source version as the API reference says:
// "the new version inherits the launch parameters from the source version. If you specify additional
// launch parameters for the new version, they overwrite any corresponding launch parameters", and
// "Snapshots applied to the block device mapping are ignored when creating a new version unless
// they are explicitly included". A parameter is a top-level field: a MetadataOptions given replaces
// the source's MetadataOptions whole (docs/scenario.md lists this among the guesses).
import { HTTP_TOKENS, TOGGLES } from "../../schemas/ec2-values.js";
import type { BlockDeviceSpec, EbsSpec, TagSpec, TemplateData, TemplateMetadata } from "../launch-state.js";
import { ApiError, type Params, type Xml } from "../protocol.js";
import { writeMetadataOptions } from "./instance-xml.js";

const PREFIX = "LaunchTemplateData.";

/** Every `LaunchTemplateData.*` key the simulator models; any other is refused, never dropped. */
const KNOWN = new RegExp(
  [
    "ImageId|InstanceType|KeyName|UserData|EbsOptimized",
    "IamInstanceProfile\\.(Arn|Name)",
    "SecurityGroupId\\.\\d+",
    "BlockDeviceMapping\\.\\d+\\.(DeviceName|VirtualName|NoDevice|Ebs\\.(Encrypted|DeleteOnTermination|Iops|KmsKeyId|SnapshotId|VolumeSize|VolumeType|Throughput))",
    "TagSpecification\\.\\d+\\.(ResourceType|Tag\\.\\d+\\.(Key|Value))",
    "MetadataOptions\\.(HttpTokens|HttpPutResponseHopLimit|HttpEndpoint|HttpProtocolIpv6|InstanceMetadataTags)",
  ]
    .map((p) => `^(${p})$`)
    .join("|"),
);

type Entries = ReadonlyMap<string, string>;

function under(entries: Entries, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of entries) if (k.startsWith(`${prefix}.`)) out.set(k.slice(prefix.length + 1), v);
  return out;
}

/** `Name.N.rest` grouped by N, in index order. */
function indexed(entries: Entries, name: string): Map<string, string>[] {
  const groups = new Map<number, Map<string, string>>();
  for (const [k, v] of under(entries, name)) {
    const dot = k.indexOf(".");
    const n = Number(dot < 0 ? k : k.slice(0, dot));
    const group = groups.get(n) ?? new Map<string, string>();
    groups.set(n, group);
    group.set(dot < 0 ? "" : k.slice(dot + 1), v);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

const bad = (name: string, value: string) =>
  new ApiError("InvalidParameterValue", 400, `Value (${value}) for parameter ${name} is invalid.`);

function bool(entries: Entries, key: string, name: string): boolean | undefined {
  const v = entries.get(key);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") throw bad(name, v);
  return v === "true";
}

function int(entries: Entries, key: string, name: string, min = 0, max = 2 ** 31): number | undefined {
  const v = entries.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw bad(name, v);
  return n;
}

function oneOf<T extends string>(entries: Entries, key: string, name: string, allowed: readonly T[]) {
  const v = entries.get(key);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw bad(name, v);
  return v as T;
}

/** A copy without undefined fields (AWS omits what is unset; so does the simulator's state). */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function nonEmpty<T extends object>(o: T): T | undefined {
  const c = compact(o);
  return Object.keys(c).length > 0 ? c : undefined;
}

function ebsOf(e: Entries): EbsSpec | undefined {
  const n = (k: string) => int(e, k, `Ebs.${k}`);
  return nonEmpty({
    encrypted: bool(e, "Encrypted", "Ebs.Encrypted"),
    deleteOnTermination: bool(e, "DeleteOnTermination", "Ebs.DeleteOnTermination"),
    iops: n("Iops"),
    kmsKeyId: e.get("KmsKeyId"),
    snapshotId: e.get("SnapshotId"),
    volumeSize: n("VolumeSize"),
    volumeType: e.get("VolumeType"),
    throughput: n("Throughput"),
  });
}

function blockDevices(entries: Entries): BlockDeviceSpec[] | undefined {
  const list = indexed(entries, "BlockDeviceMapping").map((m) =>
    compact({
      deviceName: m.get("DeviceName"),
      virtualName: m.get("VirtualName"),
      noDevice: m.get("NoDevice"),
      ebs: ebsOf(under(m, "Ebs")),
    }),
  );
  return list.length ? list : undefined;
}

function tagSpecs(entries: Entries): TagSpec[] | undefined {
  const list = indexed(entries, "TagSpecification").map((m) => ({
    ...compact({ resourceType: m.get("ResourceType") }),
    tags: indexed(m, "Tag").map((t) => ({ key: t.get("Key") ?? "", value: t.get("Value") ?? "" })),
  }));
  return list.length ? list : undefined;
}

function metadataOf(entries: Entries): TemplateMetadata | undefined {
  const m = under(entries, "MetadataOptions");
  if (m.size === 0) return undefined;
  const name = (k: string) => `LaunchTemplateData.MetadataOptions.${k}`;
  return compact({
    httpTokens: oneOf(m, "HttpTokens", name("HttpTokens"), HTTP_TOKENS),
    httpPutResponseHopLimit: int(m, "HttpPutResponseHopLimit", name("HttpPutResponseHopLimit"), 1, 64),
    httpEndpoint: oneOf(m, "HttpEndpoint", name("HttpEndpoint"), TOGGLES),
    httpProtocolIpv6: oneOf(m, "HttpProtocolIpv6", name("HttpProtocolIpv6"), TOGGLES),
    instanceMetadataTags: oneOf(m, "InstanceMetadataTags", name("InstanceMetadataTags"), TOGGLES),
  });
}

/** The launch parameters a request gives (only those it gives), or an error naming one it may not. */
export function templateDataParam(params: Params): TemplateData {
  const entries = new Map<string, string>();
  for (const [k, v] of params) if (k.startsWith(PREFIX)) entries.set(k.slice(PREFIX.length), v);
  const unknown = [...entries.keys()].find((k) => !KNOWN.test(k));
  if (unknown !== undefined) {
    throw new ApiError(
      "UnknownParameter",
      400,
      `The parameter ${PREFIX}${unknown} is not recognized (the simulator models a slice of LaunchTemplateData; see docs/scenario.md).`,
    );
  }
  const profile = under(entries, "IamInstanceProfile");
  const groups = indexed(entries, "SecurityGroupId").map((m) => m.get("") ?? "");
  return compact({
    imageId: entries.get("ImageId"),
    instanceType: entries.get("InstanceType"),
    keyName: entries.get("KeyName"),
    userData: entries.get("UserData"),
    ebsOptimized: bool(entries, "EbsOptimized", `${PREFIX}EbsOptimized`),
    iamInstanceProfile: nonEmpty({ arn: profile.get("Arn"), name: profile.get("Name") }),
    securityGroupIds: groups.length ? groups : undefined,
    blockDeviceMappings: blockDevices(entries),
    tagSpecifications: tagSpecs(entries),
    metadataOptions: metadataOf(entries),
  });
}

/** A new version's data from its source and what the request gives (see the file's header). */
export function inheritFrom(source: TemplateData, given: TemplateData): TemplateData {
  const inherited: TemplateData = { ...source };
  if (source.blockDeviceMappings) {
    inherited.blockDeviceMappings = source.blockDeviceMappings.map((b) => {
      if (!b.ebs?.snapshotId) return b;
      const { snapshotId: _, ...ebs } = b.ebs;
      return compact({ ...b, ebs: nonEmpty(ebs) });
    });
  }
  return { ...inherited, ...given };
}

function writeEbs(x: Xml, e: EbsSpec): void {
  x.open("ebs")
    .leaf("encrypted", e.encrypted)
    .leaf("deleteOnTermination", e.deleteOnTermination)
    .leaf("iops", e.iops)
    .leaf("kmsKeyId", e.kmsKeyId)
    .leaf("snapshotId", e.snapshotId)
    .leaf("volumeSize", e.volumeSize)
    .leaf("volumeType", e.volumeType)
    .leaf("throughput", e.throughput)
    .close("ebs");
}

/**
 * `<launchTemplateData>` as DescribeLaunchTemplateVersions and CreateLaunchTemplateVersion write it;
 * `pad` writes typical launch data around it (realistic replies of a version that sets none).
 */
export function writeTemplateData(x: Xml, d: TemplateData, pad?: { head(): void; tail(): void }): void {
  x.open("launchTemplateData");
  pad?.head();
  if (d.blockDeviceMappings) {
    x.items("blockDeviceMappingSet", d.blockDeviceMappings, (i, b) => {
      i.leaf("deviceName", b.deviceName).leaf("virtualName", b.virtualName).leaf("noDevice", b.noDevice);
      if (b.ebs) writeEbs(i, b.ebs);
    });
  }
  x.leaf("ebsOptimized", d.ebsOptimized);
  if (d.iamInstanceProfile) {
    x.open("iamInstanceProfile")
      .leaf("arn", d.iamInstanceProfile.arn)
      .leaf("name", d.iamInstanceProfile.name)
      .close("iamInstanceProfile");
  }
  x.leaf("imageId", d.imageId).leaf("instanceType", d.instanceType).leaf("keyName", d.keyName);
  pad?.tail();
  if (d.metadataOptions) writeMetadataOptions(x, "metadataOptions", d.metadataOptions);
  if (d.securityGroupIds) {
    x.open("securityGroupIdSet");
    for (const id of d.securityGroupIds) x.leaf("item", id);
    x.close("securityGroupIdSet");
  }
  if (d.tagSpecifications) {
    x.items("tagSpecificationSet", d.tagSpecifications, (i, s) => {
      i.leaf("resourceType", s.resourceType);
      i.items("tagSet", s.tags, (t, tag) => t.leaf("key", tag.key).leaf("value", tag.value));
    });
  }
  x.leaf("userData", d.userData).close("launchTemplateData");
}
