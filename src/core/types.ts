// The data imds reads and reports. Pure types: no I/O, no SDK imports. The report's types are
// inferred from its schema (src/schemas/audit-report.ts); type-only imports, so nothing loads.
import type * as v from "valibot";
import type {
  accountDefaultsSchema,
  auditReportSchema,
  countsSchema,
  evidenceSchema,
  exceptedFindingSchema,
  exceptionRefSchema,
  exceptionVerdictSchema,
  findingSchema,
  optionsSchema,
  regionSchema,
  resourceSchema,
  verdictSchema,
} from "../schemas/audit-report.js";
import { INSTANCE_STATES } from "../schemas/ec2-values.js";
import type { readErrorSchema } from "../schemas/report-parts.js";
import type { GroupRecord, LaunchConfigurationRecord, LaunchTemplateRecord } from "./launch-types.js";

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export type Severity = Out<typeof findingSchema>["severity"];
export type FailOn = AuditOptionsEcho["failOn"];

export { INSTANCE_STATES };
export type InstanceState = (typeof INSTANCE_STATES)[number];
export const DEFAULT_STATES: InstanceState[] = ["pending", "running", "stopping", "stopped"];

/** The per-region account default, as GetInstanceMetadataDefaults returns it: unset fields are absent. */
export type AccountDefaults = Out<typeof accountDefaultsSchema>;

/** Metadata options of an instance or a launch template version. */
export interface MetadataOptions {
  httpTokens?: string;
  hopLimit?: number;
  httpEndpoint?: string;
  httpProtocolIpv6?: string;
  instanceMetadataTags?: string;
  /** Instances only: pending while a change is being applied, then applied. */
  state?: string;
}

export interface InstanceRecord {
  id: string;
  name?: string;
  state: string;
  tags: Record<string, string>;
  imageId?: string;
  metadata: MetadataOptions;
}

export interface TemplateVersionRecord {
  templateId: string;
  templateName: string;
  version: number;
  isDefault: boolean;
  isLatest: boolean;
  imageId?: string;
  /** Its VersionDescription: imds's own say which version each was made from. */
  description?: string;
  /** Absent when the version sets no metadata options at all (the launch inherits). */
  metadata?: MetadataOptions;
}

/** One CloudWatch metric of one instance: sums per period. */
export interface MetricSeries {
  /** Period start times, newest first. */
  timestamps: Date[];
  values: number[];
}

/** Whether requiring IMDSv2 on an instance is safe, from CloudWatch evidence of IMDSv1 use. */
export type V1Evidence = Out<typeof evidenceSchema>;

export interface ImageRecord {
  id: string;
  name?: string;
  /** "v2.0" when instances launched from it require IMDSv2; absent otherwise. */
  imdsSupport?: string;
}

/**
 * What DescribeImages by id said of an AMI a launch template names (any owner): visible, with its
 * ImdsSupport, or not visible, with why (InvalidAMIID.NotFound, deregistered, resolve:ssm:...).
 */
export type ImageLookup = { visible: true; imdsSupport?: string } | { visible: false; reason: string };

/** What imds reads in a region: four parts from EC2, and usage evidence from CloudWatch when asked. */
export type Part = ReadError["part"];
/** The parts a scan reads from EC2, instances first (the longest reads start first). */
export const PARTS = [
  "instances",
  "defaults",
  "launch-templates",
  "images",
  "auto-scaling",
] as const satisfies readonly Part[];
export type ScanPart = (typeof PARTS)[number];

export type ErrorKind = ReadError["kind"];

/** An error at the region/part boundary, classified so a person knows what to do. */
export type ReadError = Out<typeof readErrorSchema>;

/** Everything read from one region; a part that failed is absent and has an entry in errors. */
export interface RegionScan {
  region: string;
  defaults?: AccountDefaults;
  instances?: InstanceRecord[];
  templates?: TemplateVersionRecord[];
  images?: ImageRecord[];
  /** Launch templates with their tags and default and latest version numbers (DescribeLaunchTemplates). */
  launchTemplates?: LaunchTemplateRecord[];
  groups?: GroupRecord[];
  launchConfigurations?: LaunchConfigurationRecord[];
  /** Versions groups pin by number that are neither $Default nor $Latest. */
  pinnedVersions?: TemplateVersionRecord[];
  /** The AMIs those versions and the launch configurations name, looked up by id (any owner). */
  pathImages?: ReadonlyMap<string, ImageLookup>;
  /** The AMIs that launch template versions name, looked up by id (any owner). */
  templateImages?: ReadonlyMap<string, ImageLookup>;
  /** With usage evidence: readiness per instance id (instances that allow IMDSv1 carry the counts). */
  evidence?: Map<string, V1Evidence>;
  errors: ReadError[];
}

export type ResourceKind = Resource["kind"];
export type Finding = Out<typeof findingSchema>;
/** A config file exception as findings and skipped resources name it. */
export type ExceptionRef = Out<typeof exceptionRefSchema>;
export type ExceptedFinding = Out<typeof exceptedFindingSchema>;
/** A config file exception and what it came to in one audit. */
export type ExceptionVerdict = Out<typeof exceptionVerdictSchema>;
/** One evaluated resource: its settings, its findings, and the worst severity among them. */
export type Resource = Out<typeof resourceSchema>;
export type RegionCounts = Out<typeof countsSchema>;
export type RegionStatus = RegionReport["status"];
export type RegionReport = Out<typeof regionSchema>;
export type AuditOptionsEcho = Out<typeof optionsSchema>;
export type AuditReport = Out<typeof auditReportSchema>;
export type Verdict = Out<typeof verdictSchema>;
