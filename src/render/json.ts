// The JSON format of every report. Plain data, so never any color; schema/audit-report.schema.json
// describes the audit report and schema/org-audit-report.schema.json the organization's.
import type { ChangeReport } from "../core/change-report.js";
import type { OrgAuditView } from "../core/org-types.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";

const BATCH = 1000;
const slot = (key: string) => `@@imds-${key}@@`;

/**
 * `JSON.stringify({...shell, [key]: [...items]}, null, 2)` for each top-level key in `arrays`, in
 * pieces: the long arrays (150,000 resources in a large account, millions in an organization) are
 * written a batch at a time, from iterables that may read them back as they go, never as one string.
 * Each key must already be in `shell` (any value), where it keeps its place.
 */
function* streamJson(shell: object, arrays: Record<string, () => Iterable<unknown>>): Generator<string> {
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

/** `value` as JSON, exactly `JSON.stringify(value, null, 2)`, its long list `key` a batch at a time. */
export function jsonChunks<T extends object, K extends keyof T & string>(value: T, key: K): Iterable<string> {
  return streamJson(value, { [key]: () => value[key] as Iterable<unknown> });
}

export function auditJson(report: AuditReport): Iterable<string> {
  return jsonChunks(report, "resources");
}

/** An organization's audit (schema/org-audit-report.schema.json), the accounts' blocks read as it goes. */
export function orgAuditJson(view: OrgAuditView): Iterable<string> {
  const { verdict, ...rest } = view.head;
  return streamJson(
    { ...rest, regions: [], resources: [], verdict },
    {
      regions: function* () {
        for (const b of view.blocks()) yield* b.regions;
      },
      resources: function* () {
        for (const b of view.blocks()) yield* b.resources;
      },
    },
  );
}

export function changeJson(report: ChangeReport): Iterable<string> {
  return jsonChunks(report, "changes");
}

export function watchJson(report: WatchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
