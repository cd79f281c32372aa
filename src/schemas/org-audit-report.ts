// The organization audit report (`imds audit --org --format json`, schema version 2), declared
// once: core/org-types.ts infers its types from here; the build generates
// schema/org-audit-report.schema.json. A one-account audit keeps schema version 1.
import * as v from "valibot";
import {
  exceptionVerdictSchema,
  optionsSchema,
  regionSchema,
  resourceSchema,
  verdictSchema,
} from "./audit-report.js";
import { count, envelopeEntries, errorKindSchema, readErrorSchema, severitySchema } from "./report-parts.js";
import { about } from "./shape.js";

const accountId = about(v.pipe(v.string(), v.regex(/^[0-9]{12}$/)), "A 12-digit AWS account id.");

const accountStageSchema = about(
  v.picklist(["assume-role", "regions", "read"]),
  "What the run was doing in the account: entering it (sts:AssumeRole), listing its enabled regions (ec2:DescribeRegions), or reading it.",
);

const { part: _part, ...errorEntries } = readErrorSchema.entries;

export const accountErrorSchema = about(
  v.strictObject({ stage: accountStageSchema, ...errorEntries }),
  "A failure that kept a whole account from being read.",
);

export const orgErrorSchema = about(
  v.strictObject({
    ...errorEntries,
    parent: v.optional(about(v.string(), "The OU or root whose accounts could not be listed (--ou).")),
  }),
  "A failure listing the organization's accounts: the accounts it would have listed are not in the report, so the run is incomplete.",
);

export const kindCountsSchema = v.strictObject({
  "account-default": count(),
  instance: count(),
  "launch-template": count(),
  image: count(),
  "auto-scaling-group": count(),
  "launch-configuration": count(),
});

export const accountCountsSchema = about(
  v.strictObject({
    instances: count(),
    v1Allowed: about(count(), "Instances that allow IMDSv1."),
    defaultsFailing: about(count(), "Regions whose account default allows IMDSv1."),
    lockedRegions: about(count(), "Regions whose defaults an organization declarative policy manages."),
    enforceable: about(
      count(),
      "Regions whose defaults imds enforce would change (read, not locked, not requiring IMDSv2).",
    ),
    templatesFailing: about(count(), "Launch templates with a failing version."),
    fail: about(kindCountsSchema, "Resources at severity fail, by kind."),
    warn: about(kindCountsSchema, "Resources at severity warn, by kind."),
  }),
  "Counts over the account's regions that were read.",
);

const statusSchema = v.picklist(["pass", "warn", "fail", "incomplete"]);

export const accountRowSchema = about(
  v.strictObject({
    id: accountId,
    name: v.optional(about(v.string(), "The account's name in Organizations.")),
    status: about(
      statusSchema,
      "The worst severity in the account, or incomplete when anything in scope could not be read.",
    ),
    complete: about(
      v.boolean(),
      "True when the account was entered and every region in scope read completely.",
    ),
    regions: about(
      v.strictObject({ read: count(), total: count() }),
      "Regions read completely, of the account's enabled regions in scope (SCP-excluded ones included).",
    ),
    excludedRegions: about(
      v.array(v.strictObject({ region: v.string(), reason: v.string() })),
      "Regions not read on purpose, each with why: denied by an SCP (with --scp-denied-as-excluded), or named with --regions but not enabled in the account.",
    ),
    counts: accountCountsSchema,
    failureKinds: about(v.array(errorKindSchema), "The kinds of the account's failures, sorted."),
    incompleteRegions: about(v.array(v.string()), "Regions not read completely."),
    unread: about(
      v.array(
        v.strictObject({
          kind: errorKindSchema,
          action: v.string(),
          code: v.string(),
          hint: v.string(),
          regions: v.array(v.string()),
        }),
      ),
      "The account's regional failures, one per kind (with its first action and code), and the regions where they happened (each region's own errors are in regions[]).",
    ),
    errors: about(v.array(accountErrorSchema), "Failures that kept the whole account from being read."),
  }),
  "One account's row in the organization summary.",
);

const skippedAccountSchema = about(
  v.strictObject({ id: accountId, name: v.optional(v.string()), reason: v.string() }),
  "An account listed but left out (not ACTIVE in Organizations, or --exclude-accounts): never dropped silently.",
);

const shardSchema = about(
  v.strictObject({
    index: v.pipe(v.number(), v.integer(), v.minValue(1)),
    count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  "--shard I/N: this report covers the accounts whose id hashes to shard I of N (imds report merge joins them).",
);

export const selectionSchema = about(
  v.strictObject({
    source: about(
      v.picklist(["org", "ou", "accounts", "accounts-file"]),
      "Where the accounts came from: --org (organizations:ListAccounts), --ou (recursively), --accounts, --accounts-file.",
    ),
    ous: v.optional(v.array(v.string())),
    accounts: v.optional(v.array(accountId)),
    file: v.optional(v.string()),
    excluded: v.optional(v.array(accountId)),
    regions: v.optional(v.array(v.string())),
    excludeRegions: v.optional(v.array(v.string())),
    role: about(v.string(), "The role assumed in member accounts, {account} standing for each id."),
    shard: v.optional(shardSchema),
  }),
  "Which accounts the run covers, as asked.",
);

const regionRowSchema = about(
  v.strictObject({ account: accountId, ...regionSchema.entries }),
  "One region of one account (the one-account report's region, with its account).",
);

const orgResourceSchema = about(
  v.strictObject({ account: accountId, ...resourceSchema.entries }),
  "One evaluated resource of one account.",
);

export const totalsSchema = v.strictObject({
  accounts: count(),
  accountsComplete: count(),
  byStatus: v.strictObject({ pass: count(), warn: count(), fail: count(), incomplete: count() }),
  regionsRead: count(),
  regionsTotal: count(),
  instances: count(),
  v1Allowed: count(),
  defaultsFailing: count(),
  lockedRegions: count(),
  templatesFailing: count(),
  skipped: count(),
});

const { schemaVersion: _v, account: _a, ...envelope } = envelopeEntries;

export const orgOptionsSchema = about(
  v.strictObject({
    ...optionsSchema.entries,
    scpDeniedAsExcluded: about(
      v.boolean(),
      "--scp-denied-as-excluded: SCP-denied regions are excluded, not incomplete.",
    ),
  }),
  "The audit options that shaped the findings.",
);

export const orgAuditReportSchema = v.pipe(
  v.strictObject({
    schemaVersion: about(v.literal(2), "2: the organization report. A one-account audit writes version 1."),
    scope: v.literal("organization"),
    tool: envelope.tool,
    caller: about(
      v.strictObject({ id: accountId, arn: v.optional(v.string()) }),
      "Who ran it (STS GetCallerIdentity): the management account, a delegated administrator, or any caller given the accounts.",
    ),
    generatedAt: envelope.generatedAt,
    durationMs: v.pipe(v.number(), v.minValue(0)),
    endpoint: v.optional(v.string()),
    options: orgOptionsSchema,
    organization: v.optional(
      about(
        v.strictObject({ id: v.string(), managementAccount: v.string() }),
        "From DescribeOrganization (--org, --ou).",
      ),
    ),
    selection: selectionSchema,
    complete: about(
      v.boolean(),
      "True when the account list was read whole and every account in it completely. False means the report proves nothing about what it could not read.",
    ),
    worst: about(severitySchema, "The worst severity over every resource read."),
    errors: about(v.array(orgErrorSchema), "Failures listing the accounts."),
    accounts: about(
      v.array(accountRowSchema),
      "One row per account, worst first: incomplete, fail, warn, pass; then the most IMDSv1-allowed instances; then by id.",
    ),
    skipped: v.array(skippedAccountSchema),
    totals: about(totalsSchema, "Sums over the account rows."),
    regions: about(v.array(regionRowSchema), "Every account's regions, accounts in id order."),
    resources: about(v.array(orgResourceSchema), "Every account's resources, accounts in id order."),
    exceptions: v.optional(
      about(
        v.array(exceptionVerdictSchema),
        "The config file's exceptions over the whole run: findings excepted in every account summed; expired fails, stale (nothing excepted in any account) warns, out-of-scope when no account or region in the run can match.",
      ),
    ),
    verdict: verdictSchema,
  }),
  v.title("imds organization audit report, schema version 2"),
  v.description(
    "What `imds audit --org` (or --ou, --accounts, --accounts-file) prints with --format json: one row per account (worst first) with totals, then every account's regions and resources with the account on each. An account that could not be entered, or a region not read completely, is incomplete and says why; it never passes. `imds report merge` joins the reports of --shard runs into the one a single run would have written.",
  ),
);

export const orgAuditReportDefinitions = {
  accountRow: accountRowSchema,
  accountError: accountErrorSchema,
  orgError: orgErrorSchema,
  selection: selectionSchema,
  shard: shardSchema,
  skippedAccount: skippedAccountSchema,
  totals: totalsSchema,
};
