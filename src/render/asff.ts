// `--format asff`: the audit's findings as a JSON array of ASFF findings, the shape
// `aws securityhub batch-import-findings --findings file://FILE` takes (in batches of 100).
// Findings a config exception covers are included, marked (see core/asff.ts).
import { asffFinding } from "../core/asff.js";
import { findingRows } from "../core/finding-rows.js";
import type { AuditReport } from "../core/types.js";

export function auditAsff(report: AuditReport): string {
  const findings = findingRows(report, { excepted: true }).map((row) =>
    asffFinding(row, report.generatedAt, report.tool.version),
  );
  return `${JSON.stringify(findings, null, 2)}\n`;
}
