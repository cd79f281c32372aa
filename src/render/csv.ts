// The CSV format of every report: one row per resource or change, plus one row per region part that
// could not be read (kind "error"), so a spreadsheet never shows an unread region as a clean one.
// With config exceptions, the audit adds a row per excepted finding (severity "excepted") and one
// per exception (kind "exception").
// RFC 4180 quoting, LF line endings.

import type { ChangeReport } from "../core/change-report.js";
import { describeSideEffects } from "../core/changes.js";
import type { OrgAuditView } from "../core/org-types.js";
import { printableLines } from "../core/text.js";
import type { AuditReport, ExceptionVerdict, ReadError, Resource } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";
import { leadFinding } from "./audit-cells.js";
import { changeLead, settingsText } from "./change-cells.js";
import { watchedAccounts } from "./watch-cells.js";

/** Resource.settings keys given their own column, in this order; the column set never changes. */
const CSV_SETTINGS = [
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

const CSV_USAGE = ["readiness", "imdsv1Calls", "lastSeen"] as const;

/**
 * Later columns, after the usage ones so the earlier columns keep their places: the account
 * default's HttpTokensEnforced, and what a launch template version's launches get and from where.
 */
const CSV_LATER = ["httpTokensEnforced", "effectiveHttpTokens", "effectiveSource", "imageId"] as const;
/** Launch paths: who owns a template or group (service or stack; empty: the account), an instance's group and template version. */
const CSV_LAUNCH = ["owner", "ownerName", "autoScalingGroup", "launchTemplate"] as const;

const CSV_HEADER = [
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
    ...report.resources.flatMap(exceptedRows),
    ...(report.exceptions ?? []).map(exceptionRow),
    ...report.regions.flatMap((region) => region.errors.map((error) => errorRow(region.region, error))),
  ]);
}

/** Every column after the leading ones, empty. */
const BLANK = [...CSV_SETTINGS, ...CSV_USAGE, ...CSV_LATER, ...CSV_LAUNCH].map(() => "");

/** A row of CSV_HEADER from the leading fields; settings, usage and the later columns left empty. */
function leadingRow(cells: string[]): string[] {
  return [...cells, ...BLANK];
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
    ...CSV_LATER.map((key) => String(resource.settings[key] ?? "")),
    resource.owner?.kind ?? "",
    resource.owner?.name ?? "",
    String(resource.settings.autoScalingGroup ?? ""),
    String(resource.settings.launchTemplate ?? ""),
  ];
}

/** The outcome of a row that is advice, not a change: the instance refresh a group needs. */
const REFRESH_OUTCOME = "refresh instances";

/** id is the part that was not read, name the IAM action, codes the AWS or Node error code. */
function errorRow(region: string, error: Omit<ReadError, "part"> & { part: string }): string[] {
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
  // Organization runs lead every row with the account (an account not entered has a row of its own).
  const lead = changeLead(report);
  const rows: string[][] = [
    ...report.changes.map((c) => [
      ...lead.of(c),
      ...changeCsvRow({
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
    ]),
    ...report.skipped.map((s) => [
      ...lead.of(s),
      ...changeCsvRow({
        region: s.region,
        kind: s.kind,
        id: s.id,
        name: s.name ?? "",
        outcome: "left alone",
        reason: s.reason,
      }),
    ]),
    ...(report.refresh ?? []).map((r) => [
      ...lead.of(r),
      ...changeCsvRow({
        region: r.region,
        kind: "auto-scaling-group",
        id: r.group,
        outcome: REFRESH_OUTCOME,
        reason: r.command,
      }),
    ]),
    ...report.regions.flatMap((r) =>
      r.errors.map((e) => [
        ...lead.of(r),
        ...changeCsvRow({
          region: r.region,
          kind: "error",
          id: e.part,
          name: e.action,
          outcome: "not read",
          error: `${e.code}: ${e.message}`,
          reason: e.hint,
        }),
      ]),
    ),
    ...(report.accountErrors ?? []).map((e) => [
      ...lead.of(e),
      ...changeCsvRow({
        kind: "error",
        id: e.stage,
        name: e.action,
        outcome: "not read",
        error: `${e.code}: ${e.message}`,
        reason: e.hint,
      }),
    ]),
  ];
  return csvText([[...lead.head.map((h) => h.toLowerCase()), ...CHANGE_CSV_HEADER], ...rows]);
}

/** One row per instance that rejected IMDSv1 calls, and one per region whose metrics were not read. */
export function watchCsv(report: WatchReport): string {
  const lead = watchedAccounts(report) ? (row: { account?: string }) => [row.account ?? ""] : () => [];
  return csvText([
    [...lead({ account: "account" }), "region", "instance", "changedAt", "rejected", "lastSeen", "error"],
    ...report.broken.map((b) => [...lead(b), b.region, b.id, b.at, String(b.rejected), b.lastSeen ?? "", ""]),
    ...(report.unknown ?? []).map((u) => [...lead(u), u.region, u.id, u.at, "", "", u.reason]),
    ...report.errors.map((e) => [...lead(e), e.region, "", "", "", "", `${e.action} ${e.code}`]),
  ]);
}

/**
 * An organization's audit: the audit's columns with the account first; per account (in id order)
 * its resources, an `error` row per region part not read and per failure that kept the account
 * from being read; then the listing's failures and a `skipped-account` row per account left out.
 */
export function* orgAuditCsv(view: OrgAuditView): Generator<string> {
  const { head } = view;
  const rows = new Map(head.accounts.map((r) => [r.id, r]));
  yield csvText([["account", ...CSV_HEADER]]);
  for (const block of view.blocks()) {
    const a = block.account;
    yield csvText([
      ...block.resources.map((r) => [a, ...resourceRow(r)]),
      ...block.resources.flatMap(exceptedRows).map((row) => [a, ...row]),
      ...block.regions.flatMap((region) => region.errors.map((e) => [a, ...errorRow(region.region, e)])),
      ...(rows.get(a)?.errors ?? []).map((e) => [a, ...errorRow("", { ...e, part: e.stage })]),
    ]);
  }
  yield csvText([
    ...head.errors.map((e) => ["", ...errorRow("", { ...e, part: e.parent ?? "organization" })]),
    ...head.skipped.map((k) => [k.id, "", "skipped-account", "", k.name ?? "", "", "", k.reason, ...BLANK]),
    ...(head.exceptions ?? []).map((e) => ["", ...exceptionRow(e)]),
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
