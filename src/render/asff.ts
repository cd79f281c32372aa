// `--format asff`: the audit's findings as a JSON array of ASFF findings, the shape
// `aws securityhub batch-import-findings --findings file://FILE` takes (in batches of 100).
// Findings a config exception covers are included, marked (see core/asff.ts); a part of a region
// that could not be read is a NOT_AVAILABLE finding on the account. An organization's
// array is written an account at a time (each finding with its own AwsAccountId and product).
import { type AsffFinding, asffFinding, asffUnread } from "../core/asff.js";
import { findingRows } from "../core/finding-rows.js";
import type { AuditReport } from "../core/types.js";
import { unreadParts } from "../core/unread.js";
import { arrayChunks, safeChunks } from "./json.js";

/** The findings, then a NOT_AVAILABLE finding for each part of a region that could not be read. */
function asffFindings(report: AuditReport): AsffFinding[] {
  const { generatedAt: at, tool } = report;
  return [
    ...findingRows(report, { excepted: true }).map((row) => asffFinding(row, at, tool.version)),
    ...unreadParts(report).map((u) => asffUnread(u, at, tool.version)),
  ];
}

/** The findings of every report given, as one JSON array laid out as JSON.stringify(_, null, 2). */
export function* asffArray(reports: Iterable<AuditReport>): Generator<string> {
  const findings = (function* () {
    for (const report of reports) yield* asffFindings(report);
  })();
  yield* safeChunks(arrayChunks(findings, "top"));
  yield "\n";
}

export function auditAsff(report: AuditReport): Iterable<string> {
  return asffArray([report]);
}
