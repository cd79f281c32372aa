// The organization audit report (schema version 2): one row per account, then every account's
// regions and resources with the account on each. Pure types.
import type { SkippedAccount } from "./accounts.js";
import type { Shard } from "./shard.js";
import type {
  AuditOptionsEcho,
  ErrorKind,
  ReadError,
  RegionReport,
  RegionStatus,
  Resource,
  ResourceKind,
  Severity,
  Verdict,
} from "./types.js";

/** What an organization run was doing in an account when it could not go on there. */
export type AccountStage = "assume-role" | "regions";

/** A failure that kept a whole account (not one region) from being read. */
export interface AccountError extends Omit<ReadError, "part"> {
  stage: AccountStage;
}

/** A failure listing the organization's accounts (an OU, or the whole listing). */
export interface OrgError {
  kind: ErrorKind;
  action: string;
  code: string;
  message: string;
  hint: string;
  /** The OU or root whose accounts could not be listed, for --ou. */
  parent?: string;
}

/** Resources at one severity, by kind. */
export type KindCounts = Record<ResourceKind, number>;

export interface AccountCounts {
  instances: number;
  v1Allowed: number;
  /** Regions whose account default allows IMDSv1. */
  defaultsFailing: number;
  /** Regions whose defaults an organization policy manages. */
  lockedRegions: number;
  /** Regions `imds enforce` would change: defaults read, not locked, not requiring IMDSv2. */
  enforceable: number;
  templatesFailing: number;
  /** Resources at fail and at warn, by kind (the verdict line counts them). */
  fail: KindCounts;
  warn: KindCounts;
}

/** One account's row in the organization summary. */
export interface AccountRow {
  id: string;
  name?: string;
  status: RegionStatus;
  /** Every region in scope read completely, and the account itself entered. */
  complete: boolean;
  regions: { read: number; total: number };
  /** Regions in scope not read on purpose: SCP-denied ones accepted as gaps, named ones not enabled. */
  excludedRegions: { region: string; reason: string }[];
  counts: AccountCounts;
  /** Why the account is incomplete: the kinds of its failures, and the regions not read completely. */
  failureKinds: ErrorKind[];
  incompleteRegions: string[];
  /** Failures that kept the whole account from being read (entering it, listing its regions). */
  errors: AccountError[];
}

export type OrgRegionRow = { account: string } & RegionReport;
export type OrgResource = { account: string } & Resource;

/** One account's regions and resources: written out as soon as the account is done. */
export interface AccountBlock {
  account: string;
  regions: OrgRegionRow[];
  resources: OrgResource[];
}

export type AccountSource = "org" | "ou" | "accounts" | "accounts-file";

/** Which accounts the run covers, as asked. */
export interface Selection {
  source: AccountSource;
  /** --ou */
  ous?: string[];
  /** --accounts, or the --accounts-file path */
  accounts?: string[];
  file?: string;
  /** --exclude-accounts */
  excluded?: string[];
  /** --regions and --exclude-regions, as given (each account is read in its own enabled regions). */
  regions?: string[];
  excludeRegions?: string[];
  /** The role assumed in member accounts (an ARN, `{account}` standing for each id). */
  role: string;
  /** --shard: absent in a whole run and in a merged report. */
  shard?: Shard;
}

export interface OrgTotals {
  accounts: number;
  accountsComplete: number;
  byStatus: Record<RegionStatus, number>;
  regionsRead: number;
  regionsTotal: number;
  instances: number;
  v1Allowed: number;
  defaultsFailing: number;
  lockedRegions: number;
  templatesFailing: number;
  skipped: number;
}

export interface OrgOptionsEcho extends AuditOptionsEcho {
  /** --scp-denied-as-excluded: regions an SCP denies are reported as excluded, not incomplete. */
  scpDeniedAsExcluded: boolean;
}

/** Everything in the report but the two long arrays, which stream from the per-account blocks. */
export interface OrgAuditHead {
  schemaVersion: 2;
  scope: "organization";
  tool: { name: "imds"; version: string };
  /** Who ran it (STS GetCallerIdentity): the management account, a delegated administrator, or any caller with --accounts. */
  caller: { id: string; arn?: string };
  generatedAt: string;
  durationMs: number;
  endpoint?: string;
  options: OrgOptionsEcho;
  /** From DescribeOrganization, with --org and --ou. */
  organization?: { id: string; managementAccount: string };
  selection: Selection;
  complete: boolean;
  worst: Severity;
  errors: OrgError[];
  /** Worst first: incomplete, fail, warn, pass; then most IMDSv1-allowed instances; then id. */
  accounts: AccountRow[];
  skipped: SkippedAccount[];
  totals: OrgTotals;
  verdict: Verdict;
}

/** The whole report, as `--format json` prints it. */
export interface OrgAuditReport extends Omit<OrgAuditHead, "verdict"> {
  /** Every account's regions, accounts in id order. */
  regions: OrgRegionRow[];
  /** Every account's resources, accounts in id order. */
  resources: OrgResource[];
  verdict: Verdict;
}

/** The report as renderers take it: the head, and each account's block read back on demand. */
export interface OrgAuditView {
  head: OrgAuditHead;
  /** Blocks in account id order; each read when asked for, so only one is in memory at a time. */
  blocks(): Iterable<AccountBlock>;
}
