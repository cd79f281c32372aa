// The CSV format of every report: one row per resource or change, plus one row per region part that
// could not be read (kind "error"), so a spreadsheet never shows an unread region as a clean one.
// With config exceptions, the audit adds a row per excepted finding (severity "excepted") and one
// per exception (kind "exception").
// RFC 4180 quoting, LF line endings.

import type { ChangeReport } from "../core/change-report.js";
import { printableLines } from "../core/text.js";
import type { AuditReport, ExceptionVerdict, ReadError, Resource } from "../core/types.js";
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
];

function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\n`).join("");
}

export function auditCsv(report: AuditReport): string {
  return csvText([
    CSV_HEADER,
    ...report.resources.map(resourceRow),
    ...report.resources.flatMap(exceptedRows),
    ...(report.exceptions ?? []).map(exceptionRow),
    ...report.regions.flatMap((region) => region.errors.map((error) => errorRow(region.region, error))),
  ]);
}

/** A row of CSV_HEADER from the leading fields; settings and usage left empty. */
function leadingRow(cells: string[]): string[] {
  return [...cells, ...CSV_SETTINGS.map(() => ""), ...CSV_USAGE.map(() => "")];
}

/** One row per finding a config exception covers: severity "excepted", the exception in the message. */
function exceptedRows(resource: Resource): string[][] {
  return (resource.excepted ?? []).map((f) =>
    leadingRow([
      resource.region,
      resource.kind,
      resource.id,
      resource.name ?? "",
      "excepted",
      f.code,
      `${f.message} [excepted by ${f.exception.where} until ${f.exception.expires}, owner ${f.exception.owner}: ${f.exception.reason}]`,
    ]),
  );
}

/** One row per config exception (kind "exception", id where it is declared), with its verdict. */
function exceptionRow(e: ExceptionVerdict): string[] {
  return leadingRow(["", "exception", e.where, e.owner, e.severity, e.status, e.message]);
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
  ];
}

/** id is the part that was not read, name the IAM action, codes the AWS or Node error code. */
function errorRow(region: string, error: ReadError): string[] {
  return leadingRow([
    region,
    "error",
    error.part,
    error.action,
    "incomplete",
    error.code,
    `[${error.kind}] ${error.message} Hint: ${error.hint}`,
  ]);
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
        verified: c.verified ?? "",
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
    ...report.errors.map((e) => [e.region, "", "", "", "", `${e.action} ${e.code}`]),
  ]);
}

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Quotes a cell per RFC 4180, and defuses spreadsheet formulas: text that starts with = + - @ (or a
 * tab or CR) gets a leading ', so a tag value like =HYPERLINK(...) stays text. Plain numbers pass.
 * A CSV is read in terminals too (cat, less): control characters but newline and tab become spaces.
 */
function csvCell(raw: string): string {
  const value = printableLines(raw);
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
