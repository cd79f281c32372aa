// `--format asff`: the audit's findings as a JSON array of ASFF findings, the shape
// `aws securityhub batch-import-findings --findings file://FILE` takes (in batches of 100).
// Findings a config exception covers are included, marked (see core/asff.ts). An organization's
// array is written an account at a time (each finding with its own AwsAccountId and product).
import { type AsffFinding, asffFinding } from "../core/asff.js";
import { findingRows } from "../core/finding-rows.js";
import type { AuditReport } from "../core/types.js";
import { arrayChunks, safeChunks } from "./json.js";

function asffFindings(report: AuditReport): AsffFinding[] {
  return findingRows(report, { excepted: true }).map((row) =>
    asffFinding(row, report.generatedAt, report.tool.version),
  );
}

/** The findings of every report given, as one JSON array laid out as JSON.stringify(_, null, 2). */
export function* asffArray(reports: Iterable<AuditReport>): Generator<string> {
  const findings = (function* () {
    for (const report of reports) yield* asffFindings(report);
  })();
  yield* safeChunks(arrayChunks(findings, ""));
  yield "\n";
}

export function auditAsff(report: AuditReport): Iterable<string> {
  return asffArray([report]);
}
