// Reports as a program reads them: JSON from stdout, an audit report checked against the published schema.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "vitest";
import type { AuditReport } from "../../src/core/types.js";
import { parseReport, type Run } from "./harness.js";

const schema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../schema/audit-report.schema.json"), "utf8"),
);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** The audit report on stdout, which must validate against schema/audit-report.schema.json. */
export function auditReport(run: Run): AuditReport {
  const report = parseReport<AuditReport>(run);
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
}
