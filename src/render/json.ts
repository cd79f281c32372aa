// The machine-readable report. Plain data, so never any color; schema/audit-report.schema.json
// describes the one-account report and schema/org-audit-report.schema.json the organization's.

import type { AuditReport } from "../core/types.js";

const BATCH = 1000;
const slot = (key: string) => `@@imds-${key}@@`;

/**
 * `JSON.stringify({...shell, [key]: [...items]}, null, 2)` for each top-level key in `arrays`, in
 * pieces: the long arrays (150,000 resources in a large account, millions in an organization) are
 * written a batch at a time, from iterables that may read them back as they go, never as one string.
 * Each key must already be in `shell` (any value), where it keeps its place.
 */
export function* streamJson(
  shell: object,
  arrays: Record<string, () => Iterable<unknown>>,
): Generator<string> {
  const placeholders = Object.fromEntries(Object.keys(arrays).map((k) => [k, slot(k)]));
  let rest = JSON.stringify({ ...shell, ...placeholders }, null, 2);
  for (const [key, items] of Object.entries(arrays)) {
    const needle = `${JSON.stringify(key)}: "${slot(key)}"`;
    const at = rest.indexOf(needle);
    yield `${rest.slice(0, at)}${JSON.stringify(key)}: `;
    rest = rest.slice(at + needle.length);
    yield* arrayChunks(items());
  }
  yield `${rest}\n`;
}

/** An array nested one level in the report, as JSON.stringify(_, null, 2) lays it out. */
function* arrayChunks(items: Iterable<unknown>): Generator<string> {
  let batch: string[] = [];
  let any = false;
  for (const item of items) {
    batch.push(`    ${JSON.stringify(item, null, 2).replace(/\n/g, "\n    ")}`);
    if (batch.length === BATCH) {
      yield `${any ? ",\n" : "[\n"}${batch.join(",\n")}`;
      any = true;
      batch = [];
    }
  }
  if (batch.length) {
    yield `${any ? ",\n" : "[\n"}${batch.join(",\n")}`;
    any = true;
  }
  yield any ? "\n  ]" : "[]";
}

/** The one-account report as JSON, in pieces (exactly `JSON.stringify(report, null, 2)`). */
export function jsonChunks(report: AuditReport): Iterable<string> {
  return streamJson(report, { resources: () => report.resources });
}

export function renderJson(report: AuditReport): string {
  return [...jsonChunks(report)].join("");
}
