// The AWS Security Finding Format (ASFF) of an audit's findings: what `--format asff` writes and
// what `--to-security-hub` imports. Pure.
//
// Every field the ASFF page lists as required is set (SchemaVersion, Id, ProductArn, GeneratorId,
// AwsAccountId, Types, CreatedAt, UpdatedAt, Severity, Title, Description, Resources). Ids are
// stable (account, region, resource, code), so a re-import updates the finding. The product is
// the account's own default product (`product/ACCOUNT/default`): Security Hub accepts it only
// from the finding's own account, in the finding's region. Severity and Types also go in
// FindingProviderFields, the place AWS asks finding providers to update them after creation.
import { codeInfo, IMDS_GUIDE_URL } from "./finding-codes.js";
import { type FindingRow, findingKey, resourceArn, resourceLabel } from "./finding-rows.js";
import { ownerText } from "./owners.js";
import type { ExceptionRef, ResourceKind, Severity } from "./types.js";
import { type UnreadPart, unreadKey, unreadText } from "./unread.js";

const ASFF_SCHEMA_VERSION = "2018-10-08";
const ASFF_TYPES = ["Software and Configuration Checks/AWS Security Best Practices"];
/** GeneratorId prefix of every imds finding: how imds finds its own findings again. */
export const GENERATOR_PREFIX = "imds/";

type Label = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
const LABELS = { fail: "HIGH", warn: "MEDIUM", pass: "INFORMATIONAL" } as const satisfies Record<
  Severity,
  Label
>;
const COMPLIANCE = { fail: "FAILED", warn: "WARNING", pass: "PASSED" } as const satisfies Record<
  Severity,
  string
>;
const RESOURCE_TYPES = {
  instance: "AwsEc2Instance",
  "launch-template": "AwsEc2LaunchTemplate",
  "account-default": "AwsAccount",
  image: "Other",
  "auto-scaling-group": "AwsAutoScalingAutoScalingGroup",
  "launch-configuration": "AwsAutoScalingLaunchConfiguration",
} as const satisfies Record<ResourceKind, string>;

export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: Label; Original: string };
  Title: string;
  Description: string;
  Remediation?: { Recommendation: { Text: string; Url: string } };
  ProductFields?: Record<string, string>;
  Resources: {
    Type: string;
    Id: string;
    Partition: string;
    Region: string;
    Details?: { Other: Record<string, string> };
  }[];
  Compliance: { Status: string };
  RecordState: "ACTIVE" | "ARCHIVED";
  Workflow?: { Status: "NEW" | "NOTIFIED" | "RESOLVED" | "SUPPRESSED" };
  FindingProviderFields?: { Severity: { Label: Label; Original: string }; Types: string[] };
  [field: string]: unknown;
}

export function productArn(account: string, region: string): string {
  return `arn:aws:securityhub:${region}:${account}:product/${account}/default`;
}

/** Cuts text to AWS's length limit for a field. */
function upTo(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The finding's settings as ASFF `Details.Other` (string values, at most 50 keys of 128 and values of 1,024). */
function details(row: FindingRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row.resource.settings).slice(0, 50))
    out[upTo(k, 128)] = upTo(String(v), 1024);
  return out;
}

/** One finding at its current state; `at` is the time of the audit. */
export function asffFinding(row: FindingRow, at: string, version: string): AsffFinding {
  const info = codeInfo(row.code);
  const severity = { Label: LABELS[row.severity], Original: row.severity };
  const settings = details(row);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: upTo(`imds/${findingKey(row)}`, 512),
    ProductArn: productArn(row.account, row.region),
    GeneratorId: `${GENERATOR_PREFIX}${row.code}`,
    AwsAccountId: row.account,
    Types: ASFF_TYPES,
    CreatedAt: at,
    UpdatedAt: at,
    Severity: severity,
    Title: upTo(`${info.title}: ${resourceLabel(row)}`, 256),
    Description: upTo(`${row.message}. ${info.detail}`, 1024),
    Remediation: { Recommendation: { Text: upTo(info.remedy, 512), Url: IMDS_GUIDE_URL } },
    ProductFields: {
      "imds/code": row.code,
      "imds/kind": row.kind,
      "imds/resource": upTo(row.resourceId, 1024),
      "imds/version": version,
      // Who owns the launch template or group (a service's own fix applies), as every format names it.
      ...(row.resource.owner ? { "imds/owner": ownerText(row.resource.owner) } : {}),
      ...(row.exception ? exceptionFields(row.exception) : {}),
    },
    Resources: [
      {
        Type: RESOURCE_TYPES[row.kind],
        Id: resourceArn(row.account, row.region, row.kind, row.resourceId, row.resource.settings.arn),
        Partition: "aws",
        Region: row.region,
        ...(Object.keys(settings).length > 0 ? { Details: { Other: settings } } : {}),
      },
    ],
    Compliance: { Status: COMPLIANCE[row.severity] },
    RecordState: "ACTIVE",
    // Taken when the finding is created; later imports cannot change it (the customer's to set).
    ...(row.exception ? { Workflow: { Status: "SUPPRESSED" as const } } : {}),
    FindingProviderFields: { Severity: severity, Types: ASFF_TYPES },
  };
}

/**
 * A part of a region imds could not read, as a finding: NOT_AVAILABLE (Security Hub's own status for
 * "could not check"), on the account, so an unread region is seen where the findings are read.
 */
export function asffUnread(u: UnreadPart, at: string, version: string): AsffFinding {
  const severity = { Label: "MEDIUM" as const, Original: "incomplete" };
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: upTo(`imds/${unreadKey(u)}`, 512),
    ProductArn: productArn(u.account, u.region),
    GeneratorId: `${GENERATOR_PREFIX}unread`,
    AwsAccountId: u.account,
    Types: ASFF_TYPES,
    CreatedAt: at,
    UpdatedAt: at,
    Severity: severity,
    Title: upTo(`imds could not read the ${u.part} of ${u.region}`, 256),
    Description: upTo(unreadText(u), 1024),
    ProductFields: {
      "imds/code": "unread",
      "imds/part": u.part,
      "imds/error-kind": u.kind,
      "imds/action": u.action,
      "imds/version": version,
    },
    Resources: [
      { Type: "AwsAccount", Id: `AWS::::Account:${u.account}`, Partition: "aws", Region: u.region },
    ],
    Compliance: { Status: "NOT_AVAILABLE" },
    RecordState: "ACTIVE",
    FindingProviderFields: { Severity: severity, Types: ASFF_TYPES },
  };
}

/**
 * A config exception in ProductFields, the provider's own fields, which every import updates: an
 * automation rule on `imds/exception` can suppress findings that existed before the exception.
 */
function exceptionFields(e: ExceptionRef): Record<string, string> {
  return {
    "imds/exception": upTo(e.where, 1024),
    "imds/exception-owner": upTo(e.owner, 1024),
    "imds/exception-expires": e.expires,
    "imds/exception-reason": upTo(e.reason, 1024),
  };
}

/**
 * An earlier finding marked resolved, as AWS documents for finding providers: same Id, compliance
 * PASSED (the resource now passes) and the record archived (`fixed: false` when the resource is no
 * longer there at all, so its compliance is left as it was).
 */
export function resolvedFinding(previous: AsffFinding, at: string, fixed: boolean): AsffFinding {
  const pass = { Label: "INFORMATIONAL" as const, Original: "pass" };
  const severity = fixed ? pass : previous.Severity;
  // Only fields a provider writes: what Security Hub adds (workflow, notes, product names) stays its own.
  return {
    SchemaVersion: previous.SchemaVersion,
    Id: previous.Id,
    ProductArn: previous.ProductArn,
    GeneratorId: previous.GeneratorId,
    AwsAccountId: previous.AwsAccountId,
    Types: previous.Types,
    CreatedAt: previous.CreatedAt,
    UpdatedAt: at,
    Severity: severity,
    Title: previous.Title,
    Description: previous.Description,
    ...(previous.ProductFields ? { ProductFields: previous.ProductFields } : {}),
    Resources: previous.Resources,
    Compliance: fixed ? { Status: "PASSED" } : previous.Compliance,
    RecordState: "ARCHIVED",
    FindingProviderFields: { Severity: severity, Types: previous.Types },
  };
}
