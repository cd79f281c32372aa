// Reports as a program reads them: JSON from stdout, checked (by parseReport) against the
// published schema it follows.
import type { AuditReport } from "../../src/core/types.js";
import { parseReport, type Run } from "./harness.js";

/** The audit report on stdout, which parseReport checks against schema/audit-report.schema.json. */
export function auditReport(run: Run): AuditReport {
  return parseReport<AuditReport>(run);
}
