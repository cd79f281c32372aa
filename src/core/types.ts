// The data imds reads and reports. Pure types: no I/O, no SDK imports.

export type Severity = "pass" | "warn" | "fail";
export const SEVERITIES = ["pass", "warn", "fail"] as const satisfies readonly Severity[];

export type FailOn = "fail" | "warn" | "never";

export type InstanceState = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";
export const INSTANCE_STATES = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "shutting-down",
  "terminated",
] as const satisfies readonly InstanceState[];
export const DEFAULT_STATES: InstanceState[] = ["pending", "running", "stopping", "stopped"];

/** The per-region account default, as GetInstanceMetadataDefaults returns it: unset fields are absent. */
export interface AccountDefaults {
  httpTokens?: string;
  hopLimit?: number;
  httpEndpoint?: string;
  instanceMetadataTags?: string;
  httpTokensEnforced?: string;
  managedBy?: string;
  managedExceptionMessage?: string;
}

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
  /** Absent when the version sets no metadata options at all (the launch inherits). */
  metadata?: MetadataOptions;
}

/** One CloudWatch metric of one instance: sums per period. */
export interface MetricSeries {
  /** Period start times, newest first. */
  timestamps: Date[];
  values: number[];
}

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
export type Part = "defaults" | "instances" | "launch-templates" | "images" | "usage";
/** The parts a scan reads from EC2, instances first (the longest reads start first). */
export const PARTS = [
  "instances",
  "defaults",
  "launch-templates",
  "images",
] as const satisfies readonly Part[];
export type ScanPart = (typeof PARTS)[number];

export type ErrorKind =
  | "permission"
  | "region-not-enabled"
  | "throttled"
  | "timeout"
  | "network"
  | "credentials"
  | "service"
  | "unsupported"
  | "other";

/** An error at the region/part boundary, classified so a person knows what to do. */
export interface ReadError {
  part: Part;
  kind: ErrorKind;
  /** The IAM action that failed, e.g. "ec2:DescribeInstances". */
  action: string;
  /** The AWS error code or Node error code, e.g. "UnauthorizedOperation", "ECONNREFUSED". */
  code: string;
  message: string;
  /** What to do about it, one sentence. */
  hint: string;
}

/** Everything read from one region; a part that failed is absent and has an entry in errors. */
export interface RegionScan {
  region: string;
  defaults?: AccountDefaults;
  instances?: InstanceRecord[];
  templates?: TemplateVersionRecord[];
  images?: ImageRecord[];
  /** The AMIs that launch template versions name, looked up by id (any owner). */
  templateImages?: ReadonlyMap<string, ImageLookup>;
  /** With usage evidence: readiness per instance id (instances that allow IMDSv1 carry the counts). */
  usage?: Map<string, Usage>;
  errors: ReadError[];
}

/** Whether requiring IMDSv2 on an instance is safe, from CloudWatch evidence of IMDSv1 use. */
export type Readiness = "enforced" | "ready" | "in-use" | "unknown";

export interface Usage {
  readiness: Readiness;
  /** IMDSv1 calls in the window (absent when enforced or unknown). */
  calls?: number;
  /** UTC day of the newest period with calls, YYYY-MM-DD. */
  lastSeen?: string;
  /** Why, for unknown; a caution, for small counts. */
  reason?: string;
}

export type ResourceKind = "account-default" | "instance" | "launch-template" | "image";

export interface Finding {
  severity: Severity;
  /** Stable machine-readable code, e.g. "imdsv1-allowed". */
  code: string;
  message: string;
}

/** One evaluated resource: its settings, its findings, and the worst severity among them. */
export interface Resource {
  region: string;
  kind: ResourceKind;
  /** Instance id, AMI id, "lt-...:v3", or "account-default". */
  id: string;
  name?: string;
  severity: Severity;
  findings: Finding[];
  /** What was read, flattened for reports (httpTokens, hopLimit, httpEndpoint, state, ...). */
  settings: Record<string, string | number | boolean>;
  /** Instances, with --usage: CloudWatch's evidence of IMDSv1 use and the readiness it implies. */
  usage?: Usage;
}

export interface RegionCounts {
  instances: number;
  v2Required: number;
  v1Allowed: number;
  imdsOff: number;
  hopAboveMax: number;
  templates: number;
  templatesFailing: number;
  images: number;
  imagesV2: number;
}

export type RegionStatus = Severity | "incomplete";

export interface RegionReport {
  region: string;
  /** True when all four parts were read. */
  complete: boolean;
  status: RegionStatus;
  /** Null when the defaults could not be read. */
  defaults: AccountDefaults | null;
  /** True when an AWS Organizations declarative policy manages the defaults. */
  locked: boolean;
  /**
   * HttpTokensEnforced: "enabled" when launches that would allow IMDSv1 fail (and no instance can
   * be set back to optional); "disabled" when not (never set reads as disabled); null when the
   * defaults could not be read.
   */
  httpTokensEnforced: "enabled" | "disabled" | null;
  counts: RegionCounts;
  /** With --usage: instances by readiness (of those that allow IMDSv1). */
  usage?: { ready: number; inUse: number; unknown: number };
  errors: ReadError[];
}

export interface AuditOptionsEcho {
  maxHopLimit: number;
  states: string[];
  failOn: FailOn;
  /** Days of CloudWatch evidence read, when --usage was given. */
  usageDays?: number;
}

export interface AuditReport {
  schemaVersion: 1;
  tool: { name: "imds"; version: string };
  account: { id: string; arn?: string };
  generatedAt: string;
  durationMs: number;
  endpoint?: string;
  options: AuditOptionsEcho;
  /** True when every region in scope was read completely. */
  complete: boolean;
  /** Worst severity over every resource. */
  worst: Severity;
  regions: RegionReport[];
  resources: Resource[];
  verdict: Verdict;
}

export interface Verdict {
  status: "compliant" | "findings" | "incomplete";
  /** One line for people: what is wrong and what to run next. */
  line: string;
  /** The enforce command that would fix the account defaults, when any region needs it. */
  nextCommand?: string;
}
