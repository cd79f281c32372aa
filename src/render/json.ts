// The JSON format of every report. Plain data, so never any color; schema/audit-report.schema.json
// describes the audit report and schema/org-audit-report.schema.json the organization's.
import type { ChangeReport } from "../core/change-report.js";
import type { OrgAuditView } from "../core/org-types.js";
import { terminalSafeJson } from "../core/text.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";

const BATCH = 1000;
const slot = (key: string) => `@@imds-${key}@@`;

/**
 * `JSON.stringify({...shell, [key]: [...items]}, null, 2)` for each top-level key in `arrays`, in
 * pieces: the long arrays (150,000 resources in a large account, millions in an organization) are
 * written a batch at a time, from iterables that may read them back as they go, never as one string.
 * Each key must already be in `shell` (any value), where it keeps its place. JSON reaches terminals
 * too: what one would act on is written as a \u escape (the same data once parsed).
 */
export function streamJson(
  shell: object,
  arrays: Record<string, () => Iterable<unknown>>,
): Generator<string> {
  return safeChunks(rawStream(shell, arrays));
}

/** Chunks of JSON with what a terminal would act on written as \u escapes (the same data once parsed). */
export function* safeChunks(chunks: Iterable<string>): Generator<string> {
  for (const chunk of chunks) yield terminalSafeJson(chunk);
}

function* rawStream(shell: object, arrays: Record<string, () => Iterable<unknown>>): Generator<string> {
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

/** Where an array sits: a top-level document (ASFF), or one level down in a report. */
type Depth = "top" | "nested";

/**
 * An array's items as JSON.stringify(_, null, 2) lays them out at that depth, joined by ",\n": one
 * native call for the whole batch, cut out of a wrapper that nests it there, instead of a call and
 * a re-indenting replace per item.
 */
function batchJson(batch: unknown[], depth: Depth): string {
  const text = JSON.stringify(depth === "top" ? batch : { x: batch }, null, 2);
  const [head, tail] = WRAPPER[depth];
  return text.slice(head.length, text.length - tail.length);
}
const WRAPPER: Record<Depth, [string, string]> = {
  top: ["[\n", "\n]"],
  nested: ['{\n  "x": [\n', "\n  ]\n}"],
};

/** An array as JSON.stringify(_, null, 2) lays it out at `depth`, a batch of items at a time. */
export function* arrayChunks(items: Iterable<unknown>, depth: Depth = "nested"): Generator<string> {
  let batch: unknown[] = [];
  let any = false;
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) {
      yield `${any ? ",\n" : "[\n"}${batchJson(batch, depth)}`;
      any = true;
      batch = [];
    }
  }
  if (batch.length) {
    yield `${any ? ",\n" : "[\n"}${batchJson(batch, depth)}`;
    any = true;
  }
  yield any ? `\n${depth === "top" ? "" : "  "}]` : "[]";
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

/** JSON.stringify, with what a terminal would act on written as \u escapes (the same data once parsed). */
export function safeJson(value: unknown, indent?: number): string {
  return terminalSafeJson(JSON.stringify(value, null, indent));
}

export function watchJson(report: WatchReport): string {
  return `${terminalSafeJson(JSON.stringify(report, null, 2))}\n`;
}
