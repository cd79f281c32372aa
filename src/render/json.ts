// The machine-readable report. Plain data, so never any color; schema/audit-report.schema.json describes it.

import type { AuditReport } from "../core/types.js";

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
