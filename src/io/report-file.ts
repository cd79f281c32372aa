// Saved audit reports read back (`imds report diff`): a file, or every *.json under a directory.
// A file that is not an imds audit report is bad input (one line, exit 2).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AuditReport } from "../core/types.js";
import { UsageError } from "../errors.js";

/** Why `value` is not an audit report imds can compare, or undefined when it is one. */
export function auditReportProblem(value: unknown): string | undefined {
  const v = value as Partial<AuditReport> | null;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not a JSON object";
  if (v.tool?.name !== "imds") return 'no tool.name "imds" (not an imds report)';
  if (v.schemaVersion !== 1) return `schemaVersion ${String(v.schemaVersion)} is not 1`;
  if (typeof v.account?.id !== "string") return "no account.id";
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
  return undefined;
}

function parse(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(
      `${path} is not JSON (${(err as Error).name}): give an imds audit --format json report`,
    );
  }
}

export function readAuditReport(path: string): AuditReport {
  const value = parse(path);
  const problem = auditReportProblem(value);
  if (problem) throw new UsageError(`${path} is not an imds audit report: ${problem}`);
  return value as AuditReport;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
    )
    .sort();
}

/** Every audit report under `dir` (recursively), and how many other *.json files were passed over. */
export function readReportDirectory(dir: string): { reports: AuditReport[]; skipped: string[] } {
  const reports: AuditReport[] = [];
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
    else reports.push(value as AuditReport);
  }
  if (reports.length === 0)
    throw new UsageError(`${dir} holds no imds audit reports (*.json written by --format json)`);
  return { reports, skipped };
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
