// An audit's findings as one flat list, each with its account and the AWS identity of its resource:
// what the security formats (SARIF, OCSF, ASFF, JUnit, HTML) and Security Hub are built from. Pure.
import { createHash } from "node:crypto";
import type { AuditReport, ExceptionRef, Finding, Part, Resource, ResourceKind, Severity } from "./types.js";

/** The part of a region's read that covers each kind of resource. */
export const PART_OF = {
  "account-default": "defaults",
  instance: "instances",
  "launch-template": "launch-templates",
  image: "images",
  "auto-scaling-group": "auto-scaling",
  "launch-configuration": "auto-scaling",
} as const satisfies Record<ResourceKind, Part>;

/** A report row that may name its own account (organization reports put one on every row). */
export type WithAccount<T> = T & { account?: string };

export interface FindingRow {
  account: string;
  region: string;
  kind: ResourceKind;
  /** The resource as the report names it (instance id, "lt-...:v3", AMI id, "account-default"). */
  resourceId: string;
  name?: string;
  code: string;
  severity: Severity;
  message: string;
  resource: Resource;
  /** The config exception that covers it (only in findingRows(report, { excepted: true })). */
  exception?: ExceptionRef;
}

/** The account a row belongs to: its own when it names one, else the report's. */
export function accountOf(report: Pick<AuditReport, "account">, row: { account?: string }): string {
  return row.account ?? report.account.id;
}

/**
 * Every fail and warn finding, one row each, in report order; with `excepted`, the findings a config
 * exception covers too (each carrying its exception), after the resource's own.
 */
export function findingRows(report: AuditReport, opts: { excepted?: boolean } = {}): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const resource of report.resources as WithAccount<Resource>[]) {
    const base = {
      account: accountOf(report, resource),
      region: resource.region,
      kind: resource.kind,
      resourceId: resource.id,
      ...(resource.name === undefined ? {} : { name: resource.name }),
      resource,
    };
    for (const finding of resource.findings as Finding[]) {
      if (finding.severity === "pass") continue;
      rows.push({ ...base, code: finding.code, severity: finding.severity, message: finding.message });
    }
    if (!opts.excepted) continue;
    for (const f of resource.excepted ?? []) {
      rows.push({ ...base, code: f.code, severity: f.severity, message: f.message, exception: f.exception });
    }
  }
  return rows;
}

/** A launch template version's template id ("lt-0abc:v3" -> "lt-0abc"). */
function templateId(id: string): string {
  return id.replace(/:v\d+$/, "");
}

/**
 * The resource's ARN, as Security Hub and AWS Config name it. An account default has no ARN of its
 * own: it is the account's setting in a region, named as Security Hub names an account.
 */
export function resourceArn(
  account: string,
  region: string,
  kind: ResourceKind,
  id: string,
  /** The ARN AWS gave the resource, when the report has it (Auto Scaling's carry a UUID). */
  known?: unknown,
): string {
  if (typeof known === "string" && known.startsWith("arn:")) return known;
  switch (kind) {
    case "instance":
      return `arn:aws:ec2:${region}:${account}:instance/${id}`;
    case "launch-template":
      return `arn:aws:ec2:${region}:${account}:launch-template/${templateId(id)}`;
    case "image":
      return `arn:aws:ec2:${region}::image/${id}`;
    case "account-default":
      return `AWS::::Account:${account}`;
    case "auto-scaling-group":
      return `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/${id}`;
    case "launch-configuration":
      return `arn:aws:autoscaling:${region}:${account}:launchConfiguration:*:launchConfigurationName/${id}`;
  }
}

/** How a title names the finding's resource: "instance i-0abc (web)"; an account default is "account default". */
export function resourceLabel(row: Pick<FindingRow, "kind" | "resourceId" | "name">): string {
  if (row.kind === "account-default") return "account default";
  return `${row.kind} ${row.resourceId}${row.name ? ` (${row.name})` : ""}`;
}

/** The stable key of a finding: the same (account, region, resource, code) gives the same key every run. */
export function findingKey(
  row: Pick<FindingRow, "account" | "region" | "kind" | "resourceId" | "code">,
): string {
  return [row.account, row.region, row.kind, row.resourceId, row.code].join("/");
}

/** A short hex digest of a finding's key, for identifiers that must not grow with the names in it. */
export function findingHash(
  row: Pick<FindingRow, "account" | "region" | "kind" | "resourceId" | "code">,
): string {
  return createHash("sha256").update(findingKey(row)).digest("hex");
}
