// The JSON format of every report. Plain data, so never any color; schema/audit-report.schema.json
// describes the audit report.
import type { ChangeReport } from "../core/change-report.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";

const SLOT = "@@imds-list@@";
const BATCH = 1000;

/**
 * `value` as JSON, in pieces: exactly `JSON.stringify(value, null, 2)`, but its long list `key`
 * (150,000 resources or changes in a large account) is written a batch at a time instead of as one
 * huge string.
 */
export function* jsonChunks<T extends object, K extends keyof T & string>(
  value: T,
  key: K,
): Generator<string> {
  const list = value[key] as unknown[];
  const shell = JSON.stringify({ ...value, [key]: SLOT }, null, 2);
  const needle = `${JSON.stringify(key)}: "${SLOT}"`;
  const at = shell.indexOf(needle);
  const head = `${shell.slice(0, at)}${JSON.stringify(key)}: `;
  const tail = shell.slice(at + needle.length);
  if (list.length === 0) {
    yield `${head}[]${tail}\n`;
    return;
  }
  yield `${head}[\n`;
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list
      .slice(i, i + BATCH)
      .map((item) => `    ${JSON.stringify(item, null, 2).replace(/\n/g, "\n    ")}`);
    yield batch.join(",\n") + (i + BATCH < list.length ? ",\n" : "\n");
  }
  yield `  ]${tail}\n`;
}

export function auditJson(report: AuditReport): Iterable<string> {
  return jsonChunks(report, "resources");
}

export function changeJson(report: ChangeReport): Iterable<string> {
  return jsonChunks(report, "changes");
}

export function watchJson(report: WatchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
