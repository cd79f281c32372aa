// The scenario file: one simulated AWS account, or an organization of them. docs/scenario.md
// describes every field.

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
  /** Other accounts of the organization (docs/scenario.md, "Organizations"). */
  accounts?: AccountSpec[];
  organization?: OrganizationSpec;
  /** Generated member accounts. */
  generate?: OrgGenerateSpec;
}

// The organization part: member accounts (listed or generated), the roots and OUs.

export const ACCOUNT_STATUSES = ["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** What `sts:AssumeRole` into the account's role answers. */
export const ASSUME_ROLE_OUTCOMES = ["ok", "denied", "missing-role"] as const;
export type AssumeRoleOutcome = (typeof ASSUME_ROLE_OUTCOMES)[number];

export const JOINED_METHODS = ["INVITED", "CREATED"] as const;
export type JoinedMethod = (typeof JOINED_METHODS)[number];

/** What one account holds: the same content a single-account scenario has at its top level. */
export interface AccountContentSpec {
  optedInRegions?: string[];
  regions?: Record<string, RegionSpec>;
  denied?: Record<string, string[]>;
}

export interface AccountSpec extends AccountContentSpec {
  id: string;
  name: string;
  email: string;
  /** Default ACTIVE. */
  status?: AccountStatus;
  /** The root (`r-...`) or OU (`ou-...`) the account sits in; default the root. */
  parent?: string;
  /** Default CREATED (INVITED for the management account). */
  joinedMethod?: JoinedMethod;
  /** Default "ok". */
  assumeRole?: AssumeRoleOutcome;
  /** Role names that exist in the account; absent = any name exists. */
  roles?: string[];
  /** The ExternalId the role's trust policy requires; absent = none required. */
  externalId?: string;
  /** EC2 and CloudWatch calls there answer an explicit deny in a service control policy. */
  scpDeniedRegions?: string[];
  /** The account is closed (SUSPENDED) after this many calls made with its credentials. */
  suspendAfterCalls?: number;
}

export interface OrganizationalUnitSpec {
  id: string;
  name: string;
  /** The root or another OU. */
  parent: string;
}

export interface OrganizationSpec {
  /** `o-` + 10..32 lowercase letters or digits; derived from the management account when absent. */
  id?: string;
  /** Must be the scenario's `accountId` (the caller's account); that is the default. */
  managementAccount?: string;
  /** Exactly one root (as in AWS); default one derived from the organization id. */
  roots?: { id: string; name?: string }[];
  ous?: OrganizationalUnitSpec[];
  /** Member accounts that may call the Organizations read APIs too. */
  delegatedAdministrators?: string[];
}

/** `"generate": { "accounts": 500, "regions": 17, "instancesPerRegion": 20 }`: member accounts. */
export interface OrgGenerateSpec {
  accounts: number;
  /** Enabled regions per account: the first N of the 17 default regions, then opt-in ones. Default 17. */
  regions?: number;
  /** Default 20. */
  instancesPerRegion?: number;
  seed?: number;
  /** OUs under the root the accounts are spread over (round robin); default 0 (all in the root). */
  ous?: number;
  /** The instance mix; default a fixed mix of IMDSv1-allowed, IMDSv2-required and stopped instances. */
  mix?: MixEntry[];
}
