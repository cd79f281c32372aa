// An audit's findings as one flat list, each with its account and the AWS identity of its resource:
// what the security formats (SARIF, OCSF, ASFF, JUnit, HTML) and Security Hub are built from. Pure.
import { createHash } from "node:crypto";
import type { AuditReport, Finding, Part, Resource, ResourceKind, Severity } from "./types.js";

/** The part of a region's read that covers each kind of resource. */
export const PART_OF = {
  "account-default": "defaults",
  instance: "instances",
  "launch-template": "launch-templates",
  image: "images",
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
}

/** The account a row belongs to: its own when it names one, else the report's. */
export function accountOf(report: Pick<AuditReport, "account">, row: { account?: string }): string {
  return row.account ?? report.account.id;
}

/** Every fail and warn finding, one row each, in report order. */
export function findingRows(report: AuditReport): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const resource of report.resources as WithAccount<Resource>[]) {
    for (const finding of resource.findings as Finding[]) {
      if (finding.severity === "pass") continue;
      rows.push({
        account: accountOf(report, resource),
        region: resource.region,
        kind: resource.kind,
        resourceId: resource.id,
        ...(resource.name === undefined ? {} : { name: resource.name }),
        code: finding.code,
        severity: finding.severity,
        message: finding.message,
        resource,
      });
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
export function resourceArn(account: string, region: string, kind: ResourceKind, id: string): string {
  switch (kind) {
    case "instance":
      return `arn:aws:ec2:${region}:${account}:instance/${id}`;
    case "launch-template":
      return `arn:aws:ec2:${region}:${account}:launch-template/${templateId(id)}`;
    case "image":
      return `arn:aws:ec2:${region}::image/${id}`;
    case "account-default":
      return `AWS::::Account:${account}`;
  }
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
