// The machine-readable report. Plain data, so never any color; schema/audit-report.schema.json describes it.

import { terminalSafeJson } from "../core/text.js";
import type { AuditReport } from "../core/types.js";

const SLOT = "@@imds-resources@@";
const BATCH = 1000;

/**
 * The report as JSON, in pieces: exactly `JSON.stringify(report, null, 2)`, but the resource list
 * (150,000 entries in a large account) is written a batch at a time instead of as one huge string.
 */
export function* jsonChunks(report: AuditReport): Generator<string> {
  for (const chunk of rawChunks(report)) yield terminalSafeJson(chunk);
}

/** JSON can reach a terminal too: each chunk escapes what one would act on (same data once parsed). */
export function jsonText(value: unknown): string {
  return `${terminalSafeJson(JSON.stringify(value, null, 2))}\n`;
}

function* rawChunks(report: AuditReport): Generator<string> {
  const shell = JSON.stringify({ ...report, resources: SLOT }, null, 2);
  const needle = `"resources": "${SLOT}"`;
  const at = shell.indexOf(needle);
  const head = `${shell.slice(0, at)}"resources": `;
  const tail = shell.slice(at + needle.length);
  const { resources } = report;
  if (resources.length === 0) {
    yield `${head}[]${tail}\n`;
    return;
  }
  yield `${head}[\n`;
  for (let i = 0; i < resources.length; i += BATCH) {
    const batch = resources
      .slice(i, i + BATCH)
      .map((r) => `    ${JSON.stringify(r, null, 2).replace(/\n/g, "\n    ")}`);
    yield batch.join(",\n") + (i + BATCH < resources.length ? ",\n" : "\n");
  }
  yield `  ]${tail}\n`;
}

export function renderJson(report: AuditReport): string {
  return [...jsonChunks(report)].join("");
}
