// One row per resource, plus one row per region part that could not be read (kind "error"), so a
// spreadsheet never shows an unread region as a clean one. RFC 4180 quoting, LF line endings.

import type { AuditReport, ReadError, Resource } from "../core/types.js";
import { leadFinding } from "./cells.js";

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
];

export function renderCsv(report: AuditReport): string {
  const rows = [
    CSV_HEADER,
    ...report.resources.map(resourceRow),
    ...report.regions.flatMap((region) => region.errors.map((error) => errorRow(region.region, error))),
  ];
  return rows.map((row) => `${row.map(csvCell).join(",")}\n`).join("");
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
  ];
}

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Quotes a cell per RFC 4180, and defuses spreadsheet formulas: text that starts with = + - @ (or a
 * tab or CR) gets a leading ', so a tag value like =HYPERLINK(...) stays text. Plain numbers pass.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
