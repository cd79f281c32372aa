// The audit report's view, shared by its formats: column titles, cells, row order, notes. Pure, no color.

import type { OrgAuditView } from "../core/org-types.js";
import type {
  AuditReport,
  Finding,
  Part,
  RegionReport,
  RegionStatus,
  Resource,
  ResourceKind,
} from "../core/types.js";
import type { Cell } from "./table-kit.js";
import { formatTime, printable } from "./text.js";

/**
 * Compact column headers for the per-region table, one per cell of `regionCells`: the account
 * default's HttpTokens, hop limit, metadata endpoint ("IMDS"), tags in metadata, HttpTokensEnforced
 * and who manages it, then the counts.
 */
export const REGION_HEADERS = [
  "Region",
  "Tokens",
  "Hop",
  "IMDS",
  "Tags",
  "Enforce",
  "Managed",
  "Inst",
  "v2 req",
  "v1 ok",
  "Off",
  "Hop>",
  "LT fail",
  "AMI v2",
  "Status",
] as const;

/** Indexes of the REGION_HEADERS columns that hold counts (right-aligned in a terminal). */
export const REGION_COUNT_COLUMNS: ReadonlySet<number> = new Set([7, 8, 9, 10, 11, 12, 13]);

const FINDING_HEADERS = ["Region", "Kind", "Resource", "Name", "Sev", "Finding"] as const;

/** With --usage: instances that allow IMDSv1, by what CloudWatch says about their IMDSv1 calls. */
export const EVIDENCE_HEADERS = ["Region", "Ready", "In use", "Unknown"] as const;

export function evidenceTitle(days: number): string {
  return `IMDSv1 use in the last ${days} days (CloudWatch MetadataNoToken), instances that allow IMDSv1:`;
}

export function evidenceCells(region: RegionReport): string[] {
  const u = region.usage;
  const unread = partUnread(region, "usage") || partUnread(region, "instances") || u === undefined;
  return [
    region.region,
    count(u?.ready ?? 0, unread),
    count(u?.inUse ?? 0, unread),
    count(u?.unknown ?? 0, unread),
  ];
}

const KIND_LABELS = {
  "account-default": "default",
  instance: "instance",
  "launch-template": "template",
  image: "image",
  "auto-scaling-group": "group",
  "launch-configuration": "launch config",
} as const satisfies Record<ResourceKind, string>;

const UNREAD = "?";
const UNSET = "-";

function statusLabel(status: RegionStatus): string {
  return status.toUpperCase();
}

/** What the report covers, e.g. ["account 123456789012", "17 regions", "2026-11-22 10:51 UTC"]. */
export function scopeParts(report: AuditReport): string[] {
  const count = report.regions.length;
  const parts = [
    `account ${report.account.id}`,
    `${count} ${count === 1 ? "region" : "regions"}`,
    formatTime(report.generatedAt),
  ];
  if (report.endpoint) parts.push(`endpoint ${report.endpoint}`);
  return parts.map(printable);
}

function partUnread(region: RegionReport, part: Part): boolean {
  return region.errors.some((error) => error.part === part);
}

function count(value: number, unread: boolean): string {
  return unread ? UNREAD : String(value);
}

function ratio(part: number, whole: number, unread: boolean): string {
  return unread ? UNREAD : `${part}/${whole}`;
}

function managedBy(region: RegionReport): string {
  if (region.locked) return "org";
  const value = region.defaults?.managedBy;
  return value === undefined || value === "account" ? "account" : value;
}

/** One row of the per-region table, in REGION_HEADERS order. Unread values show "?", never 0. */
export function regionCells(region: RegionReport): string[] {
  const defaults = partUnread(region, "defaults") ? null : region.defaults;
  const setting = (value: string | number | undefined): string =>
    defaults === null ? UNREAD : value === undefined ? UNSET : String(value);
  /** enabled/disabled as on/off: the three toggles of a default stay narrow. */
  const toggle = (value: string | undefined): string =>
    setting(value === "enabled" ? "on" : value === "disabled" ? "off" : value);
  const c = region.counts;
  const noInstances = partUnread(region, "instances");
  const cells = [
    region.region,
    setting(defaults?.httpTokens),
    setting(defaults?.hopLimit),
    toggle(defaults?.httpEndpoint),
    toggle(defaults?.instanceMetadataTags),
    // HttpTokensEnforced: launches that would allow IMDSv1 fail ("on"); never set reads "-".
    toggle(defaults?.httpTokensEnforced),
    defaults === null ? UNREAD : managedBy(region),
    count(c.instances, noInstances),
    count(c.v2Required, noInstances),
    count(c.v1Allowed, noInstances),
    count(c.imdsOff, noInstances),
    count(c.hopAboveMax, noInstances),
    ratio(c.templatesFailing, c.templates, partUnread(region, "launch-templates")),
    ratio(c.imagesV2, c.images, partUnread(region, "images")),
    statusLabel(region.status),
  ];
  return cells.map(printable);
}

/** The finding that explains the resource's severity: the first one at that severity. */
export function leadFinding(resource: Resource): Finding | undefined {
  return resource.findings.find((f) => f.severity === resource.severity) ?? resource.findings[0];
}

/** The lead finding's message, plus "(+N more)" when the resource has several findings. */
function findingSummary(resource: Resource): { message: string; more: string } {
  const more = resource.findings.length - 1;
  return {
    message: printable(leadFinding(resource)?.message ?? ""),
    more: more > 0 ? `(+${more} more)` : "",
  };
}

/** With --usage, a short cell for an instance's evidence: "ready", "in use: 42, last 2026-11-20", "unknown". */
function evidenceCell(resource: Resource): string {
  const u = resource.usage;
  if (!u || u.readiness === "enforced") return "";
  if (u.readiness === "in-use") return `in use: ${u.calls}${u.lastSeen ? `, last ${u.lastSeen}` : ""}`;
  return u.readiness;
}

const USAGE_COLUMN = "IMDSv1 use";

/** Resources that need attention: every fail, then every warn, each group in report order. */
const KIND_ORDER: Record<Resource["kind"], number> = {
  "account-default": 0,
  "launch-template": 1,
  "auto-scaling-group": 2,
  "launch-configuration": 3,
  instance: 4,
  image: 5,
};

/**
 * Failing then warning resources; within each, account defaults first (one fix covers a region's
 * new instances), then templates, then instances, so a capped table shows what matters most.
 */
export function nonPassing(report: AuditReport): Resource[] {
  const order = (r: Resource) => KIND_ORDER[r.kind];
  const bySeverity = (severity: Resource["severity"]) =>
    report.resources.filter((r) => r.severity === severity).sort((a, b) => order(a) - order(b));
  return [...bySeverity("fail"), ...bySeverity("warn")];
}

/**
 * The resource's name, and who owns it when a service or stack does: "web v3 [CloudFormation web]";
 * an instance's launch path, from its tags: "api-1 [group web]", "[lt-0abc:v3]".
 */
export function nameCell(resource: Resource): string {
  const o = resource.owner;
  const { autoScalingGroup: group, launchTemplate: template } = resource.settings;
  const tag = o
    ? `${OWNER_LABELS[o.kind]}${o.name ? ` ${o.name}` : ""}`
    : group !== undefined
      ? `group ${group}`
      : template !== undefined
        ? String(template)
        : undefined;
  if (tag === undefined) return resource.name ?? "";
  return resource.name ? `${resource.name} [${tag}]` : `[${tag}]`;
}

const OWNER_LABELS = {
  eks: "EKS",
  "elastic-beanstalk": "Beanstalk",
  ecs: "ECS",
  karpenter: "Karpenter",
  cloudformation: "CloudFormation",
  terraform: "Terraform",
} as const satisfies Record<NonNullable<Resource["owner"]>["kind"], string>;

/**
 * "us-east-1: 2 of 5 Auto Scaling groups launch instances that allow IMDSv1" for each region with
 * such groups (a note under the region table: the launch paths that keep making IMDSv1 instances).
 */
export function groupLines(report: { regions: readonly RegionReport[] }): { region: string; text: string }[] {
  return report.regions.flatMap((r) =>
    r.counts.groupsFailing > 0
      ? [
          {
            region: r.region,
            text: `${r.counts.groupsFailing} of ${r.counts.groups} Auto Scaling groups launch instances that allow IMDSv1`,
          },
        ]
      : [],
  );
}

/** Region, Kind, Resource, Name, Sev: the leading cells of a FINDING_HEADERS row. */
function resourceCells(resource: Resource): string[] {
  return [
    resource.region,
    KIND_LABELS[resource.kind],
    resource.id,
    nameCell(resource),
    resource.severity.toUpperCase(),
  ].map(printable);
}

/** The resource table's titles; with --usage, an evidence column before the finding. */
export function findingHeaders(withEvidence: boolean): string[] {
  return withEvidence ? [...FINDING_HEADERS.slice(0, -1), USAGE_COLUMN, "Finding"] : [...FINDING_HEADERS];
}

/** One row of the resource table, in `findingHeaders` order; the finding keeps its "(+N more)" when cut. */
export function resourceRow(resource: Resource, withEvidence: boolean): Cell[] {
  const { message, more } = findingSummary(resource);
  return [
    ...resourceCells(resource),
    ...(withEvidence ? [evidenceCell(resource)] : []),
    { text: message, tail: more },
  ];
}

/** Regions whose defaults an organization policy manages. */
export function lockedRegions(report: { regions: readonly RegionReport[] }): RegionReport[] {
  return report.regions.filter((r) => r.locked);
}

export function lockMessage(region: RegionReport): string {
  return printable(region.defaults?.managedExceptionMessage ?? "(no message given)");
}

/** "ec2:DescribeInstances UnauthorizedOperation: Grant ..." for each error, with its region and part. */
export function regionErrorLines(report: {
  regions: readonly RegionReport[];
}): { region: string; part: Part; text: string }[] {
  return report.regions.flatMap((region) =>
    region.errors.map((error) => ({
      region: region.region,
      part: error.part,
      text: printable(`${error.action} ${error.code}: ${error.hint}`),
    })),
  );
}

export const EXCEPTED_HEADERS = [
  "Region",
  "Kind",
  "Resource",
  "Name",
  "Excepted",
  "Until",
  "Owner",
  "Reason",
];

/** What the exception sections show: the exceptions' verdicts, and the resources they except. */
export type ExceptionsPart = Pick<AuditReport, "exceptions" | "resources">;

/**
 * An organization's exceptions as the one-account sections take them: the head's verdicts, and
 * every resource with an excepted finding (only what its rows show, one small row per finding).
 */
export function orgExceptions(view: OrgAuditView): ExceptionsPart | undefined {
  if (!view.head.exceptions) return undefined;
  const resources: Resource[] = [];
  for (const block of view.blocks())
    for (const r of block.resources)
      if (r.excepted?.length) resources.push({ ...r, findings: [], settings: {} });
  return { exceptions: view.head.exceptions, resources };
}

/** One row per finding a config exception covers, in report order. */
export function exceptedRows(report: Pick<AuditReport, "resources">): string[][] {
  return report.resources.flatMap((r) =>
    (r.excepted ?? []).map((f) =>
      [
        r.region,
        KIND_LABELS[r.kind],
        r.id,
        r.name ?? "",
        f.code,
        f.exception.expires,
        f.exception.owner,
        f.exception.reason,
      ].map(printable),
    ),
  );
}

/**
 * The first `max` failing then warning resources (0: all) in `nonPassing`'s order, from resources
 * given a batch at a time (an organization's accounts one by one): at most `max` kept per severity
 * and kind. `total` counts every failing and warning resource added.
 */
export class TopFindings<R extends Resource = Resource> {
  private readonly keep: number;
  private readonly buckets: Record<"fail" | "warn", R[][]> = {
    fail: Object.keys(KIND_ORDER).map(() => []),
    warn: Object.keys(KIND_ORDER).map(() => []),
  };
  total = 0;

  constructor(private readonly max: number) {
    this.keep = max > 0 ? max : Number.POSITIVE_INFINITY;
  }

  add(resources: Iterable<R>): void {
    for (const r of resources) {
      if (r.severity === "pass") continue;
      this.total++;
      const bucket = this.buckets[r.severity][KIND_ORDER[r.kind]];
      if (bucket && bucket.length < this.keep) bucket.push(r);
    }
  }

  shown(): R[] {
    const ordered = [...this.buckets.fail.flat(), ...this.buckets.warn.flat()];
    return this.max > 0 ? ordered.slice(0, this.max) : ordered;
  }
}
