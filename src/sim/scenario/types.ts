// The scenario file: one simulated AWS account. docs/scenario.md describes every field.

import type { ClockPatch } from "../clock.js";
import type { ControlsPatch } from "../controls.js";

export const HTTP_TOKENS = ["optional", "required"] as const;
export const TOGGLES = ["enabled", "disabled"] as const;
export const INSTANCE_STATES = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "shutting-down",
  "terminated",
] as const;
export const IMAGE_STATES = ["available", "pending", "failed", "deregistered", "disabled"] as const;

export type HttpTokens = (typeof HTTP_TOKENS)[number];
export type Toggle = (typeof TOGGLES)[number];
export type InstanceStateName = (typeof INSTANCE_STATES)[number];
export type ImageState = (typeof IMAGE_STATES)[number];

/** Instance metadata options; in a scenario every field is optional and falls back to AWS's launch defaults. */
export interface MetadataOptionsSpec {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: Toggle;
  httpProtocolIpv6?: Toggle;
  instanceMetadataTags?: Toggle;
}

/** The account-level defaults of one region; an absent field is "no preference". */
export interface AccountDefaultsSpec {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: Toggle;
  instanceMetadataTags?: Toggle;
  httpTokensEnforced?: Toggle;
}

/**
 * IMDS usage behind the CloudWatch metrics `MetadataNoToken` / `MetadataNoTokenRejected`
 * (docs/scenario.md, "IMDS usage and CloudWatch metrics"). Absent = no IMDSv1 calls at all.
 */
export interface UsageSpec {
  /** IMDSv1 calls per day while HttpTokens is optional (default 0). */
  noTokenPerDay?: number;
  /** The calls stopped this many days before the simulator started ("last seen N days ago"). */
  lastCallDaysAgo?: number;
  /** IMDSv1 attempts per day while HttpTokens is required; default: the current noTokenPerDay rate. */
  rejectedPerDayAfterChange?: number;
}

/** What an instance feeds CloudWatch: its usage, or nothing at all (`metrics: false`). */
export interface MetricsSpec {
  usage?: UsageSpec;
  /** false: the instance publishes no IMDS metrics ("no data"). Default true. */
  metrics?: boolean;
}

export interface InstanceSpec extends MetadataOptionsSpec, MetricsSpec {
  id?: string;
  state?: InstanceStateName;
  tags?: Record<string, string>;
  instanceType?: string;
  imageId?: string;
  launchTime?: string;
  availabilityZone?: string;
  /** Instances with the same reservation id were launched together. */
  reservationId?: string;
}

/** One kind of generated instance; `tags` values that are lists are picked from at random. */
export interface MixEntry extends MetadataOptionsSpec, MetricsSpec {
  weight?: number;
  state?: InstanceStateName;
  tags?: Record<string, string | string[]>;
  instanceType?: string;
  imageId?: string;
}

export interface GenerateSpec {
  count: number;
  seed?: number;
  /** Largest number of instances launched together (one reservation); default 3. */
  maxReservationSize?: number;
  mix: MixEntry[];
}

export interface LaunchTemplateVersionSpec {
  metadataOptions?: MetadataOptionsSpec;
  imageId?: string;
  instanceType?: string;
  createTime?: string;
}

export interface LaunchTemplateSpec {
  id?: string;
  name: string;
  /** Version 1 first; the default version is 1 unless `defaultVersion` says otherwise. */
  versions: LaunchTemplateVersionSpec[];
  defaultVersion?: number;
}

export interface ImageSpec {
  id?: string;
  name: string;
  imdsSupport?: "v2.0";
  state?: ImageState;
  creationDate?: string;
  /** Another account's AMI (e.g. Amazon's 137112412989); default: the scenario's account. */
  ownerId?: string;
  /** Launchable by every account (Amazon's own AMIs are). Default false. */
  public?: boolean;
}

export interface RegionSpec {
  defaults?: AccountDefaultsSpec;
  /** The region's defaults are owned by an AWS Organizations declarative policy. */
  lock?: { message?: string };
  instances?: InstanceSpec[];
  generate?: GenerateSpec[];
  launchTemplates?: LaunchTemplateSpec[];
  images?: ImageSpec[];
}

export interface Scenario {
  name?: string;
  description?: string;
  accountId: string;
  /** Opt-in regions the account has enabled; every other opt-in region is not-opted-in. */
  optedInRegions?: string[];
  /** Per enabled region; the key "*" is a base merged under every enabled region. */
  regions?: Record<string, RegionSpec>;
  /** Action name -> regions where the caller lacks the permission ("*" = every region). */
  denied?: Record<string, string[]>;
  controls?: ControlsPatch;
  /** The simulator's clock at start: `{ "at": ISO time, "fixed": true }` stands still there. */
  clock?: ClockPatch;
}
