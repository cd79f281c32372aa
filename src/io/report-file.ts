// Saved audit reports read back (`imds report diff`): a file, or every *.json under a directory;
// one-account (schema 1) and organization (schema 2) reports alike.
// A file that is not an imds audit report is bad input (one line, exit 2).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SavedReport } from "../core/diff-input.js";
import type { OrgAuditReport } from "../core/org-types.js";
import { echo, firstLine } from "../core/text.js";
import type { AuditReport } from "../core/types.js";
import { UsageError } from "../errors.js";

function orgProblem(v: Partial<OrgAuditReport>): string | undefined {
  if (!Array.isArray(v.accounts) || !Array.isArray(v.skipped))
    return "an organization report without accounts";
  const row = v.accounts.find(
    (a) =>
      typeof a?.id !== "string" ||
      typeof a.complete !== "boolean" ||
      !Array.isArray(a.errors) ||
      !Array.isArray(a.incompleteRegions),
  );
  if (row !== undefined) return "an account without id, complete, errors and incompleteRegions";
  const rows = [...(v.regions ?? []), ...(v.resources ?? [])] as { account?: unknown }[];
  if (rows.some((r) => typeof r?.account !== "string")) return "a region or resource without its account";
  return undefined;
}

/** Why `value` is not an audit report imds can compare, or undefined when it is one. */
export function auditReportProblem(value: unknown): string | undefined {
  const v = value as Partial<AuditReport> & Partial<OrgAuditReport>;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not a JSON object";
  if (v.tool?.name !== "imds") return 'no tool.name "imds" (not an imds report)';
  const org = v.schemaVersion === 2 && v.scope === "organization";
  if (!org && v.schemaVersion !== 1) return `schemaVersion ${String(v.schemaVersion)} is not 1 or 2`;
  if (!org && typeof v.account?.id !== "string") return "no account.id";
  if (typeof v.generatedAt !== "string" || Number.isNaN(Date.parse(v.generatedAt)))
    return "no generatedAt time";
  if (!Array.isArray(v.regions) || !Array.isArray(v.resources))
    return "no regions and resources (not an audit report)";
  const region = v.regions.find(
    (r) => typeof r?.region !== "string" || typeof r.complete !== "boolean" || !Array.isArray(r.errors),
  );
  if (region !== undefined) return "a region without region, complete and errors";
  const resource = v.resources.find(
    (r) => typeof r?.region !== "string" || typeof r.id !== "string" || !Array.isArray(r.findings),
  );
  if (resource !== undefined) return "a resource without region, id and findings";
  return org ? orgProblem(v) : undefined;
}

/** A JSON file's value; a file that is missing, unreadable or not JSON is bad input (one line). */
export function readJsonFile(path: string, want: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : `cannot read it (${code ?? firstLine(err)})`;
    throw new UsageError(`${echo(path)}: ${why}: give ${want}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${echo(path)} is not JSON (${firstLine(err)}): give ${want}`);
  }
}

export function readAuditReport(path: string): SavedReport {
  const value = readJsonFile(path, "an imds audit --format json report");
  const problem = auditReportProblem(value);
  if (problem) throw new UsageError(`${path} is not an imds audit report: ${problem}`);
  return value as SavedReport;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
    )
    .sort();
}

/** Every audit report under `dir` (recursively), and how many other *.json files were passed over. */
export function readReportDirectory(dir: string): { reports: SavedReport[]; skipped: string[] } {
  const reports: SavedReport[] = [];
  const skipped: string[] = [];
  for (const path of jsonFiles(dir)) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      skipped.push(path);
      continue;
    }
    if (auditReportProblem(value)) skipped.push(path);
    else reports.push(value as SavedReport);
  }
  if (reports.length === 0)
    throw new UsageError(`${dir} holds no imds audit reports (*.json written by --format json)`);
  return { reports, skipped };
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
