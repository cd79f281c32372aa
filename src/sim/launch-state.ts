// What launches instances in a simulated region: launch templates and their versions, Auto Scaling
// groups and launch configurations. Plain data, changed in place by the EC2 and Auto Scaling handlers.
import type { HttpTokens, Toggle } from "./scenario/types.js";

export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** A launch template version's metadata options: only the fields the version sets. */
export interface TemplateMetadata {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: Toggle;
  httpProtocolIpv6?: Toggle;
  instanceMetadataTags?: Toggle;
}

export interface EbsSpec {
  encrypted?: boolean;
  deleteOnTermination?: boolean;
  iops?: number;
  kmsKeyId?: string;
  snapshotId?: string;
  volumeSize?: number;
  volumeType?: string;
  throughput?: number;
}

export interface BlockDeviceSpec {
  deviceName?: string;
  virtualName?: string;
  noDevice?: string;
  ebs?: EbsSpec;
}

export interface TagSpec {
  resourceType?: string;
  tags: Tag[];
}

/**
 * The launch parameters the simulator models (a slice of LaunchTemplateData): every field optional,
 * absent when the version does not set it. A request naming any other parameter is refused.
 */
export interface TemplateData {
  imageId?: string;
  instanceType?: string;
  keyName?: string;
  userData?: string;
  ebsOptimized?: boolean;
  iamInstanceProfile?: { arn?: string; name?: string };
  securityGroupIds?: string[];
  blockDeviceMappings?: BlockDeviceSpec[];
  tagSpecifications?: TagSpec[];
  metadataOptions?: TemplateMetadata;
}

/** Whether a version sets launch parameters beyond its image, instance type and metadata options. */
export function setsLaunchData(d: TemplateData): boolean {
  return Object.keys(d).some((k) => k !== "imageId" && k !== "instanceType" && k !== "metadataOptions");
}

export interface SimTemplateVersion {
  readonly versionNumber: number;
  /** Epoch ms. */
  readonly createTime: number;
  readonly description?: string;
  readonly data: TemplateData;
  /**
   * Realistic replies pad it with typical launch data (realistic-template.ts) where it sets none:
   * true when the scenario gave it none beyond an image, a type and metadata options, and for a
   * version made from such a version (SourceVersion), so the pad carries over as launch data would.
   */
  readonly typical: boolean;
}

export interface SimTemplate {
  readonly id: string;
  readonly name: string;
  /** Epoch ms. */
  readonly createTime: number;
  readonly tags: readonly Tag[];
  /** Existing versions, oldest first; a deleted version leaves a gap in the numbers. */
  readonly versions: SimTemplateVersion[];
  defaultVersion: number;
  /** The number the next version gets: numbers are never reused. */
  nextVersion: number;
  /** ClientToken -> the version that request created (CreateLaunchTemplateVersion is idempotent). */
  readonly clientTokens: Map<string, number>;
}

/** A group's (or an override's) launch template: id and name, and `$Latest`, `$Default` or a number. */
export interface LaunchTemplateRef {
  id: string;
  name: string;
  version: string;
}

interface MixedPolicy {
  launchTemplate: LaunchTemplateRef;
  overrides: { instanceType?: string; launchTemplate?: LaunchTemplateRef }[];
}

export interface GroupTag extends Tag {
  readonly propagateAtLaunch: boolean;
}

export interface SimGroup {
  readonly name: string;
  readonly arn: string;
  /** Epoch ms. */
  readonly createdTime: number;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  readonly availabilityZones: readonly string[];
  /** Exactly one of launchTemplate, mixed and launchConfigurationName is set. */
  launchTemplate?: LaunchTemplateRef;
  mixed?: MixedPolicy;
  launchConfigurationName?: string;
  readonly tags: readonly GroupTag[];
  /** The group's instances, with the template version each was launched from. */
  readonly instances: { id: string; launchedVersion?: string }[];
}

export interface SimLaunchConfiguration {
  readonly name: string;
  readonly arn: string;
  readonly createdTime: number;
  readonly imageId: string;
  readonly instanceType: string;
  readonly keyName?: string;
  readonly securityGroups: readonly string[];
  readonly metadataOptions?: Pick<
    TemplateMetadata,
    "httpTokens" | "httpPutResponseHopLimit" | "httpEndpoint"
  >;
}

/** The version a reference launches now: `$Latest`, `$Default` or the number it names. */
export function launchedVersion(t: SimTemplate, version: string): SimTemplateVersion | undefined {
  const n =
    version === "$Latest" ? latestVersion(t) : version === "$Default" ? t.defaultVersion : Number(version);
  return t.versions.find((v) => v.versionNumber === n);
}

export function latestVersion(t: SimTemplate): number {
  return t.versions.reduce((max, v) => Math.max(max, v.versionNumber), 0);
}
