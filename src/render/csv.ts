// The CSV format of every report: one row per resource or change, plus one row per region part that
// could not be read (kind "error"), so a spreadsheet never shows an unread region as a clean one.
// RFC 4180 quoting, LF line endings.

import type { ChangeReport } from "../core/change-report.js";
import { describeSideEffects } from "../core/changes.js";
import type { AuditReport, ReadError, Resource } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";
import { leadFinding } from "./audit-cells.js";
import { settingsText } from "./change-cells.js";

/** Resource.settings keys given their own column, in this order; the column set never changes. */
export const CSV_SETTINGS = [
  "httpTokens",
  "hopLimit",
  "httpEndpoint",
  "instanceMetadataTags",
  "state",
  "metadataState",
  "imdsSupport",
  "version",
  "isDefault",
  "isLatest",
  "managedBy",
] as const;

export const CSV_USAGE = ["readiness", "imdsv1Calls", "lastSeen"] as const;

/**
 * Later columns, after the usage ones so the earlier columns keep their places: the account
 * default's HttpTokensEnforced, and what a launch template version's launches get and from where.
 */
export const CSV_LATER = ["httpTokensEnforced", "effectiveHttpTokens", "effectiveSource", "imageId"] as const;
/** Launch paths: who owns a template or group (service or stack; empty: the account), and an instance's group. */
export const CSV_LAUNCH = ["owner", "ownerName", "autoScalingGroup"] as const;

export const CSV_HEADER = [
  "region",
  "kind",
  "id",
  "name",
  "severity",
  "codes",
  "message",
  ...CSV_SETTINGS,
  ...CSV_USAGE,
  ...CSV_LATER,
  ...CSV_LAUNCH,
];

function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\n`).join("");
}

export function auditCsv(report: AuditReport): string {
  return csvText([
    CSV_HEADER,
    ...report.resources.map(resourceRow),
    ...report.regions.flatMap((region) => region.errors.map((error) => errorRow(region.region, error))),
  ]);
}

function resourceRow(resource: Resource): string[] {
  return [
    resource.region,
    resource.kind,
    resource.id,
    resource.name ?? "",
    resource.severity,
    resource.findings.map((f) => f.code).join(";"),
    leadFinding(resource)?.message ?? "",
    ...CSV_SETTINGS.map((key) => String(resource.settings[key] ?? "")),
    resource.usage?.readiness ?? "",
    String(resource.usage?.calls ?? ""),
    resource.usage?.lastSeen ?? "",
    ...CSV_LATER.map((key) => String(resource.settings[key] ?? "")),
    resource.owner?.kind ?? "",
    resource.owner?.name ?? "",
    String(resource.settings.autoScalingGroup ?? ""),
  ];
}

/** id is the part that was not read, name the IAM action, codes the AWS or Node error code. */
function errorRow(region: string, error: ReadError): string[] {
  return [
    region,
    "error",
    error.part,
    error.action,
    "incomplete",
    error.code,
    `[${error.kind}] ${error.message} Hint: ${error.hint}`,
    ...CSV_SETTINGS.map(() => ""),
    ...CSV_USAGE.map(() => ""),
    ...CSV_LATER.map(() => ""),
    ...CSV_LAUNCH.map(() => ""),
  ];
}

const CHANGE_CSV_HEADER = [
  "region",
  "kind",
  "id",
  "name",
  "before",
  "requested",
  "outcome",
  "verified",
  "error",
  "reason",
] as const;

/** The outcome of a row that is advice, not a change: the instance refresh a group needs. */
const REFRESH_OUTCOME = "refresh instances";

function changeCsvRow(fields: Partial<Record<(typeof CHANGE_CSV_HEADER)[number], string>>): string[] {
  return CHANGE_CSV_HEADER.map((key) => fields[key] ?? "");
}

/** One row per change, per resource left alone ("left alone") and per region part not read ("not read"). */
export function changeCsv(report: ChangeReport): string {
  return csvText([
    CHANGE_CSV_HEADER,
    ...report.changes.map((c) =>
      changeCsvRow({
        region: c.region,
        kind: c.kind,
        id: c.id,
        name: c.name ?? "",
        before: settingsText(c.before),
        requested: settingsText(c.requested),
        outcome: c.outcome,
        verified:
          c.verified === "changed-more"
            ? `changed-more: ${describeSideEffects(c.sideEffects ?? [])}`
            : (c.verified ?? ""),
        error: c.error ? `${c.error.code}: ${c.error.message}` : "",
      }),
    ),
    ...report.skipped.map((s) =>
      changeCsvRow({
        region: s.region,
        kind: s.kind,
        id: s.id,
        name: s.name ?? "",
        outcome: "left alone",
        reason: s.reason,
      }),
    ),
    ...(report.refresh ?? []).map((r) =>
      changeCsvRow({
        region: r.region,
        kind: "auto-scaling-group",
        id: r.group,
        outcome: REFRESH_OUTCOME,
        reason: r.command,
      }),
    ),
    ...report.regions.flatMap((r) =>
      r.errors.map((e) =>
        changeCsvRow({
          region: r.region,
          kind: "error",
          id: e.part,
          name: e.action,
          outcome: "not read",
          error: `${e.code}: ${e.message}`,
          reason: e.hint,
        }),
      ),
    ),
  ]);
}

/** One row per instance that rejected IMDSv1 calls, and one per region whose metrics were not read. */
export function watchCsv(report: WatchReport): string {
  return csvText([
    ["region", "instance", "changedAt", "rejected", "lastSeen", "error"],
    ...report.broken.map((b) => [b.region, b.id, b.at, String(b.rejected), b.lastSeen ?? "", ""]),
    ...(report.unknown ?? []).map((u) => [u.region, u.id, u.at, "", "", u.reason]),
    ...report.errors.map((e) => [e.region, "", "", "", "", `${e.action} ${e.code}`]),
  ]);
}

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Quotes a cell per RFC 4180, and defuses spreadsheet formulas: text that starts with = + - @ (or a
 * tab or CR) gets a leading ', so a tag value like =HYPERLINK(...) stays text. Plain numbers pass.
 */
function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
